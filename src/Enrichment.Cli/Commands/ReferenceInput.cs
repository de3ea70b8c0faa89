using System.Runtime.CompilerServices;
using System.Text.Json;
using Enrichment.Core.Formats;
using Enrichment.Core.Records;

namespace Enrichment.Cli.Commands;

/// <summary>Reads a file of references in any supported format (detected, or as named), reporting broken entries on stderr.</summary>
internal static class ReferenceInput
{
    public static async Task<DetectedStream?> OpenAsync(FileInfo file, string format, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (!file.Exists)
        {
            await stderr.WriteLineAsync(JsonSerializer.Serialize(new { error = $"File not found: {file.FullName}" })).ConfigureAwait(false);
            return null;
        }

        if (format != "auto")
        {
            return new DetectedStream(FormatDetection.Found(ReferenceFormats.Parse(format), "--format"), file.OpenRead());
        }

        var detected = await FormatDetector.DetectAsync(file.Name, file.OpenRead(), leaveOpen: false, cancellationToken).ConfigureAwait(false);
        if (detected.Detection.Format is null)
        {
            await detected.Content.DisposeAsync().ConfigureAwait(false);
            await stderr.WriteLineAsync(JsonSerializer.Serialize(new { error = $"{file.Name}: {detected.Detection.Rejection}" })).ConfigureAwait(false);
            return null;
        }

        return detected;
    }

    /// <summary>The valid records; each broken entry as one JSON line on <paramref name="stderr"/>, counted in <paramref name="failures"/>.</summary>
    public static async IAsyncEnumerable<Reference> ReadAsync(DetectedStream input, TextWriter stderr, StrongBox<int> failures, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reader = ReferenceFormats.CreateReader(input.Detection.Format!.Value);
        await foreach (var parsed in reader.ReadAsync(input.Content, cancellationToken).ConfigureAwait(false))
        {
            if (parsed.Reference is { } reference)
            {
                yield return reference;
            }
            else
            {
                failures.Value++;
                await stderr.WriteLineAsync(JsonSerializer.Serialize(new { line = parsed.Line, column = parsed.Column, key = parsed.Key, error = parsed.Error })).ConfigureAwait(false);
            }
        }
    }
}

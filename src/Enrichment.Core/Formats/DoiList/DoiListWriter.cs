using Enrichment.Core.Records;
using Enrichment.Core.Identifiers;

namespace Enrichment.Core.Formats.DoiList;

/// <summary>
/// Writes one normalised DOI per line. A record without a DOI becomes a <c>#</c> comment naming its id, so the
/// list says what it left out and still reads back as the same DOIs.
/// </summary>
public sealed class DoiListWriter : IReferenceWriter
{
    public async Task WriteAsync(IAsyncEnumerable<Reference> references, TextWriter writer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(references);
        ArgumentNullException.ThrowIfNull(writer);
        await foreach (var reference in references.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var line = Doi.TryParse(reference.DoiText, out var doi)
                ? doi.Value
                : $"# {OneLine(reference.Id)}: no DOI";
            await writer.WriteAsync((line + "\n").AsMemory(), cancellationToken).ConfigureAwait(false);
        }

        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}

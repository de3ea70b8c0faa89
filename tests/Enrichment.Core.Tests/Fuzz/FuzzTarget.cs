using System.Diagnostics;
using Enrichment.Core.Citations;
using Enrichment.Core.Formats;

namespace Enrichment.Core.Tests.Fuzz;

internal enum FuzzOutcomeKind
{
    /// <summary>The detector refused the file (binary, no format): a documented answer.</summary>
    Rejected,

    /// <summary>The reader went through the file: records and per-entry error records.</summary>
    Read,

    /// <summary>An exception escaped the detector, a reader or the renderer: a bug.</summary>
    Threw,

    /// <summary>The file did not finish within the per-file bound: a bug.</summary>
    TimedOut,
}

internal sealed record FuzzOutcome(FuzzOutcomeKind Kind, int Records, int Errors, int Rendered, TimeSpan Elapsed, string? Failure = null)
{
    public bool IsBug => Kind is FuzzOutcomeKind.Threw or FuzzOutcomeKind.TimedOut;
}

/// <summary>
/// Feeds one file through the path ingest takes (<see cref="FormatDetector.DetectAsync"/>, then the format's
/// reader from <see cref="ReferenceFormats.CreateReader"/>) and renders every record read with the built-in APA
/// style. The per-file bound is a <see cref="CancellationToken"/> the reader observes between entries, and a
/// step count: a reader yields at most one record per byte (plus one), or it is looping.
/// </summary>
internal sealed class FuzzTarget(TimeSpan perFile)
{
    private static readonly Lazy<Task<CitationStyle>> Apa = new(() =>
        new CslCitationFormatter(Microsoft.Extensions.Options.Options.Create(new StyleOptions())).GetStyleAsync("apa", StyleOrigin.Operator).AsTask());

    public async Task<FuzzOutcome> RunAsync(string fileName, byte[] bytes)
    {
        var started = Stopwatch.GetTimestamp();
        using var timeout = new CancellationTokenSource(perFile);
        var records = 0;
        var errors = 0;
        var rendered = 0;
        try
        {
            // Non-seekable, as a blob download is: the detector's head is replayed to the reader.
            var detected = await FormatDetector.DetectAsync(fileName, new OneWayStream(bytes), leaveOpen: false, timeout.Token).ConfigureAwait(false);
            await using (detected.Content.ConfigureAwait(false))
            {
                if (detected.Detection.Format is not { } format)
                {
                    return new FuzzOutcome(FuzzOutcomeKind.Rejected, 0, 0, 0, Stopwatch.GetElapsedTime(started));
                }

                var reader = ReferenceFormats.CreateReader(format);
                await foreach (var parsed in reader.ReadAsync(detected.Content, timeout.Token).ConfigureAwait(false))
                {
                    records++;
                    if (records > bytes.Length + 1)
                    {
                        return new FuzzOutcome(FuzzOutcomeKind.TimedOut, records, errors, rendered, Stopwatch.GetElapsedTime(started),
                            $"more records ({records}) than bytes ({bytes.Length}): the reader is looping");
                    }

                    if (parsed.Reference is { } reference)
                    {
                        (await Apa.Value.ConfigureAwait(false)).FormatEntry(reference);
                        rendered++;
                    }
                    else
                    {
                        errors++;
                        if (string.IsNullOrEmpty(parsed.Error) || parsed.Line < 1)
                        {
                            return new FuzzOutcome(FuzzOutcomeKind.Threw, records, errors, rendered, Stopwatch.GetElapsedTime(started),
                                $"an error record without a reason or a line (line {parsed.Line})");
                        }
                    }
                }
            }

            return new FuzzOutcome(FuzzOutcomeKind.Read, records, errors, rendered, Stopwatch.GetElapsedTime(started));
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return new FuzzOutcome(FuzzOutcomeKind.TimedOut, records, errors, rendered, Stopwatch.GetElapsedTime(started), $"over {perFile.TotalSeconds} s");
        }
        catch (Exception exception)
        {
            return new FuzzOutcome(FuzzOutcomeKind.Threw, records, errors, rendered, Stopwatch.GetElapsedTime(started), exception.ToString());
        }
    }

    /// <summary>A memory stream that cannot seek, so detection goes the way it does for a download.</summary>
    private sealed class OneWayStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public override bool CanSeek => false;
    }
}

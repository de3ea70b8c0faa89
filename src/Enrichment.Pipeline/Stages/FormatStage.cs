using System.Collections.Immutable;
using Enrichment.Core.Citations;
using Enrichment.Core.Formats.CslJson;
using Enrichment.Pipeline.Messages;
using Enrichment.Pipeline.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Enrichment.Pipeline.Stages;

/// <summary>Renders the citations of a run of records in every configured style and marks them done, in one transaction.</summary>
public sealed partial class FormatStage(
    RecordStore records,
    UploadProgress progress,
    QueueSender queue,
    PoisonStage poison,
    ICitationFormatter formatter,
    IOptions<PipelineOptions> options,
    PipelineMetrics metrics,
    ILogger<FormatStage> logger)
{
    /// <summary>Formats the run; a run delivered more than <see cref="PipelineOptions.MaxDeliveries"/> times is given up before rendering (see <see cref="EnrichStage.RunAsync"/>).</summary>
    public Task RunAsync(RecordRun message, long deliveries = 1, CancellationToken cancellationToken = default) =>
        deliveries > options.Value.MaxDeliveries
            ? poison.GiveUpAsync(PipelineStage.Format, message, deliveries, cancellationToken)
            : StageRun.RunAsync(PipelineStage.Format, message, records, metrics, logger, () => RunCoreAsync(message, cancellationToken));

    private async Task RunCoreAsync(RecordRun message, CancellationToken cancellationToken)
    {
        var rows = await StageRun.ReadRunAsync(records, message, cancellationToken).ConfigureAwait(false);
        var styles = rows.Any(r => r.Stage == RecordStage.Format)
            ? await ResolveStylesAsync(cancellationToken).ConfigureAwait(false)
            : [];

        // Rows done already (the message ran twice) or not enriched yet (waiting for Crossref) are left alone:
        // their own enrich message, or the recovery sweep, brings them here again when they are ready.
        var done = new List<RecordRow>();
        var crashed = new List<(RecordRow Row, Exception Error)>();
        foreach (var row in rows.Where(r => r.Stage == RecordStage.Format))
        {
            using var scope = StageRun.RecordScope(logger, row);
            try
            {
                done.Add(Format(row, styles));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                if (message.Count == 1)
                {
                    throw; // The runtime retries, then poisons.
                }

                crashed.Add((row, ex));
            }
        }

        await records.UpsertBatchAsync(done, cancellationToken).ConfigureAwait(false);

        // Also when nothing was left to format: a delivery after a failed tally write mends the tally.
        await progress.NoteFinishedAsync(message.UploadId, rows.Select(r => r.RecordId), cancellationToken).ConfigureAwait(false);

        // A record that threw in a run is split off, so its deliveries and its poisoning are its own.
        foreach (var (row, error) in crashed)
        {
            await records.NoteAttemptFailedAsync(row.UploadId, row.RecordId, PipelineStage.Format, error, cancellationToken).ConfigureAwait(false);
            await queue.SendAsync(RecordStage.Format, message.Single(row.RecordId), cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The configured styles, each compiled or with the reason it cannot be used.</summary>
    private async Task<IReadOnlyList<(string Name, CitationStyle? Style, string? Problem)>> ResolveStylesAsync(CancellationToken cancellationToken)
    {
        var styles = new List<(string, CitationStyle?, string?)>();
        foreach (var name in options.Value.StyleList)
        {
            try
            {
                styles.Add((name, await formatter.GetStyleAsync(name, StyleOrigin.Operator, cancellationToken).ConfigureAwait(false), null));
            }
            catch (UnknownStyleException ex)
            {
                // The record's error is readable through the API: the message only, never the cause.
                styles.Add((name, null, ex.Message));
            }
        }

        return styles;
    }

    private RecordRow Format(RecordRow row, IReadOnlyList<(string Name, CitationStyle? Style, string? Problem)> styles)
    {
        var reference = CslJsonConvert.Deserialize(row.CurrentJson ?? throw new InvalidOperationException("Record has no JSON"));
        var citations = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        var problems = new List<string>();
        var rendering = System.Diagnostics.Stopwatch.GetTimestamp();
        foreach (var (style, compiled, problem) in styles)
        {
            if (compiled is null)
            {
                problems.Add($"style {style}: {problem}");
                continue;
            }

            try
            {
                citations[style] = compiled.FormatEntry(reference);
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException or KeyNotFoundException)
            {
                // One style that cannot render loses that citation only, and says why.
                problems.Add($"style {style}: {ex.Message}");
            }
        }

        metrics.Duration("format.render", System.Diagnostics.Stopwatch.GetElapsedTime(rendering));
        LogFormatted(logger, citations.Count, problems.Count);
        return row.Formatted(citations.ToImmutable(), problems);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Formatted {Citations} citations ({Problems} styles failed)")]
    private static partial void LogFormatted(ILogger logger, int citations, int problems);
}

using System.Collections.Immutable;
using Enrichment.Core.Citations;
using Enrichment.Core.Formats.CslJson;
using Enrichment.Pipeline.Messages;
using Enrichment.Pipeline.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Enrichment.Pipeline.Stages;

/// <summary>Renders a record's citations in every configured style and marks the record done.</summary>
public sealed partial class FormatStage(
    RecordStore records,
    ICitationFormatter formatter,
    IOptions<PipelineOptions> options,
    PipelineMetrics metrics,
    ILogger<FormatStage> logger)
{
    public Task RunAsync(FormatMessage message, CancellationToken cancellationToken = default) =>
        StageRun.RecordAsync("format", message.UploadId, message.RecordId, records, metrics, logger, () => RunCoreAsync(message, cancellationToken));

    private async Task RunCoreAsync(FormatMessage message, CancellationToken cancellationToken)
    {
        var row = await records.GetAsync(message.UploadId, message.RecordId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Record {message.UploadId}/{message.RecordId} does not exist");
        if (row.Stage != RecordStage.Format)
        {
            // Done already (the message ran twice), or not enriched yet (a stale message): the record's
            // own enrich message, or the recovery sweep, brings it here again when it is ready.
            return;
        }

        var reference = CslJsonConvert.Deserialize(row.CurrentJson ?? throw new InvalidOperationException("Record has no JSON"));
        var citations = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        var problems = new List<string>();
        var rendering = System.Diagnostics.Stopwatch.GetTimestamp();
        foreach (var style in options.Value.StyleList)
        {
            try
            {
                citations[style] = formatter.FormatEntry(reference, style);
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException or KeyNotFoundException)
            {
                // One style that cannot render loses that citation only, and says why.
                problems.Add($"style {style}: {ex.Message}");
            }
        }

        metrics.Duration("format.render", System.Diagnostics.Stopwatch.GetElapsedTime(rendering));
        var done = row with
        {
            Stage = RecordStage.Done,
            Citations = citations.ToImmutable(),
            Error = problems.Count == 0 ? row.Error : string.Join("; ", problems.Prepend(row.Error ?? "").Where(p => p.Length > 0)),
            ErrorStage = problems.Count == 0 ? row.ErrorStage : "format",
        };
        await records.UpsertAsync(done, cancellationToken).ConfigureAwait(false);
        LogFormatted(logger, citations.Count, problems.Count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Formatted {Citations} citations ({Problems} styles failed)")]
    private static partial void LogFormatted(ILogger logger, int citations, int problems);
}

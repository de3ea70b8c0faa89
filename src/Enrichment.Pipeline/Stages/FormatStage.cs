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
    ILogger<FormatStage> logger)
{
    public async Task RunAsync(FormatMessage message, CancellationToken cancellationToken = default)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["UploadId"] = message.UploadId, ["RecordId"] = message.RecordId });
        var row = await records.GetAsync(message.UploadId, message.RecordId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Record {message.UploadId}/{message.RecordId} does not exist");
        if (row.Completed)
        {
            return;
        }

        var reference = CslJsonConvert.Deserialize(row.EnrichedJson ?? row.SourceJson ?? throw new InvalidOperationException("Record has no JSON"));
        var citations = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        var problems = new List<string>();
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

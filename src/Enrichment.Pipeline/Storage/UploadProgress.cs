using Azure.Data.Tables;

namespace Enrichment.Pipeline.Storage;

/// <summary>
/// How far an upload has got, without scanning its records on every <c>GET /api/uploads/{id}</c> (a
/// 100,000-record upload is 100 table pages per look). Whoever finishes records (Format, the poison handler,
/// Ingest for invalid entries) recounts the block of <see cref="BlockSize"/> rows they sit in and stores the
/// count beside the upload row; progress is the sum of those tallies, one small row per block. A recount made
/// after a write sees that write, and a stored tally is only ever replaced by a larger one, so the tallies end
/// exact however writers interleave; a stage re-run recounts again.
/// </summary>
public sealed class UploadProgress(RecordStore records, UploadStore uploads)
{
    public const int BlockSize = 100;

    private static readonly string[] TallyColumns = ["Status", "Completed"];

    /// <summary>Recounts the blocks that hold <paramref name="recordIds"/> and stores their tallies.</summary>
    public async Task NoteFinishedAsync(string uploadId, IEnumerable<string> recordIds, CancellationToken cancellationToken = default)
    {
        foreach (var block in recordIds.Select(BlockOf).Distinct())
        {
            var tally = await CountBlockAsync(uploadId, block, cancellationToken).ConfigureAwait(false);
            await uploads.WriteTallyAsync(uploadId, RecordRow.RecordIdFor(block), tally, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The upload's finished records by status (and how many), from its tallies.</summary>
    public Task<RecordCounts> CountAsync(string uploadId, CancellationToken cancellationToken = default) =>
        uploads.SumTalliesAsync(uploadId, cancellationToken);

    private async Task<RecordCounts> CountBlockAsync(string uploadId, int block, CancellationToken cancellationToken)
    {
        var byStatus = new Dictionary<string, int>(StringComparer.Ordinal);
        var (rows, completed) = (0, 0);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {uploadId} and RowKey ge {RecordRow.RecordIdFor(block)} and RowKey le {RecordRow.RecordIdFor(block + BlockSize - 1)}");
        await foreach (var entity in records.QueryEntitiesAsync(filter, BlockSize, TallyColumns, cancellationToken).ConfigureAwait(false))
        {
            rows++;
            if (entity.GetBoolean("Completed") == true)
            {
                completed++;
                var status = entity.GetString("Status") ?? RecordStatus.Parsed;
                byStatus[status] = byStatus.GetValueOrDefault(status) + 1;
            }
        }

        return new RecordCounts(rows, completed, byStatus);
    }

    private static int BlockOf(string recordId) =>
        RecordRow.IndexOf(recordId) / BlockSize * BlockSize;
}

using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace Enrichment.Pipeline.Storage;

/// <summary>
/// The <c>Records</c> table: one row per record per upload. Writes in transactions, reads by key range, page
/// or filter; the columns and the entity mapping are <see cref="RecordColumns"/>', oversized documents
/// <see cref="RecordDocuments"/>'.
/// </summary>
public sealed class RecordStore(TableServiceClient tables, BlobServiceClient blobs)
{
    private const int BatchSize = 100;

    /// <summary>
    /// The most one transaction carries, as <see cref="RecordColumns.EstimateBytes"/> counts (escapes included),
    /// with a wide margin under the service's 4 MiB request limit.
    /// </summary>
    public const long TransactionBudgetBytes = 1280 * 1024;

    private static readonly string[] StageColumns = ["RowKey", RecordColumns.Stage];
    private static readonly string[] CountColumns = [RecordColumns.Status, RecordColumns.Completed];
    private static readonly string[] StallColumns = ["PartitionKey", "RowKey", RecordColumns.Stage, RecordColumns.Recoveries];

    private readonly TableClient _table = tables.GetTableClient(StorageNames.RecordsTable);
    private readonly RecordDocuments _documents = new(blobs);

    public async Task UpsertAsync(RecordRow row, CancellationToken cancellationToken = default) =>
        await _table.UpsertEntityAsync(await _documents.ToStoredEntityAsync(row, cancellationToken).ConfigureAwait(false), TableUpdateMode.Replace, cancellationToken)
            .ConfigureAwait(false);

    /// <summary>
    /// Upserts rows of one upload in transactions of up to 100 (one partition each), and of at most
    /// <see cref="TransactionBudgetBytes"/>, so rows near the entity limit never add up past the 4 MiB request limit.
    /// </summary>
    public async Task UpsertBatchAsync(IReadOnlyList<RecordRow> rows, CancellationToken cancellationToken = default)
    {
        var actions = new List<TableTransactionAction>(Math.Min(rows.Count, BatchSize));
        long bytes = 0;
        foreach (var row in rows)
        {
            var entity = await _documents.ToStoredEntityAsync(row, cancellationToken).ConfigureAwait(false);
            var size = RecordColumns.EstimateBytes(entity);
            if (actions.Count == BatchSize || (actions.Count > 0 && bytes + size > TransactionBudgetBytes))
            {
                await _table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
                actions.Clear();
                bytes = 0;
            }

            actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity));
            bytes += size;
        }

        if (actions.Count > 0)
        {
            await _table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The existing rows from <paramref name="firstRecordId"/> to <paramref name="lastRecordId"/> (one range query), documents read back.</summary>
    public async Task<IReadOnlyList<RecordRow>> RangeAsync(string uploadId, string firstRecordId, string lastRecordId, CancellationToken cancellationToken = default)
    {
        var rows = new List<RecordRow>();
        await foreach (var entity in _table.QueryAsync<TableEntity>(RangeFilter(uploadId, firstRecordId, lastRecordId), BatchSize, cancellationToken: cancellationToken)
            .ConfigureAwait(false))
        {
            rows.Add(await _documents.ResolveAsync(entity, cancellationToken).ConfigureAwait(false));
        }

        return rows;
    }

    /// <summary>
    /// Notes on the row why a stage attempt threw, so the poison handler (and anyone looking) can say why.
    /// Best effort: the original exception is what matters to the caller.
    /// </summary>
    public async Task NoteAttemptFailedAsync(string uploadId, string recordId, PipelineStage stage, Exception exception, CancellationToken cancellationToken = default)
    {
        var entity = new TableEntity(uploadId, recordId)
        {
            [RecordColumns.Error] = LargeText.Column($"{exception.GetType().Name}: {exception.Message}", 4000),
            [RecordColumns.ErrorStage] = stage.Name(),
        };
        try
        {
            await _table.UpdateEntityAsync(entity, ETag.All, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException)
        {
            // The row may not exist, or storage may be what failed: nothing more to do here.
        }
    }

    /// <summary>Marks a row as restarted by recovery (refreshing its Timestamp, counting the restart) without changing anything else.</summary>
    public async Task NoteRecoveredAsync(StalledRecord record, DateTimeOffset when, CancellationToken cancellationToken = default) =>
        await _table.UpdateEntityAsync(
                new TableEntity(record.UploadId, record.RecordId) { [RecordColumns.RecoveredAt] = when, [RecordColumns.Recoveries] = record.Recoveries + 1 },
                ETag.All,
                TableUpdateMode.Merge,
                cancellationToken)
            .ConfigureAwait(false);

    /// <summary>Unfinished records untouched since <paramref name="cutoff"/>, across uploads (a scan with a filter; two columns).</summary>
    public async IAsyncEnumerable<StalledRecord> StalledAsync(DateTimeOffset cutoff, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter(FormattableStringFactory.Create(RecordColumns.Completed + " eq false and Timestamp lt {0}", cutoff));
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, 1000, StallColumns, cancellationToken).ConfigureAwait(false))
        {
            yield return new StalledRecord(
                entity.PartitionKey, entity.RowKey, StateNames.ParseStage(entity.GetString(RecordColumns.Stage)), entity.GetInt32(RecordColumns.Recoveries) ?? 0);
        }
    }

    /// <summary>The stage of each existing row of an upload between two row keys (inclusive).</summary>
    public async Task<Dictionary<string, RecordStage>> StagesAsync(string uploadId, string firstRecordId, string lastRecordId, CancellationToken cancellationToken = default)
    {
        var stages = new Dictionary<string, RecordStage>(StringComparer.Ordinal);
        await foreach (var entity in _table.QueryAsync<TableEntity>(RangeFilter(uploadId, firstRecordId, lastRecordId), BatchSize, StageColumns, cancellationToken)
            .ConfigureAwait(false))
        {
            stages[entity.RowKey] = StateNames.ParseStage(entity.GetString(RecordColumns.Stage));
        }

        return stages;
    }

    public async Task<RecordRow?> GetAsync(string uploadId, string recordId, CancellationToken cancellationToken = default)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(uploadId, recordId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? await _documents.ResolveAsync(response.Value!, cancellationToken).ConfigureAwait(false) : null;
    }

    /// <summary>Every row of an upload, in file order.</summary>
    public IAsyncEnumerable<RecordRow> ForUploadAsync(string uploadId, CancellationToken cancellationToken = default) =>
        QueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {uploadId}"), cancellationToken);

    /// <summary>The rows of an upload that have not reached a final state, in file order.</summary>
    public IAsyncEnumerable<RecordRow> UnfinishedAsync(string uploadId, CancellationToken cancellationToken = default) =>
        QueryAsync(TableClient.CreateQueryFilter(FormattableStringFactory.Create("PartitionKey eq {0} and " + RecordColumns.Completed + " eq false", uploadId)), cancellationToken);

    /// <summary>One page of rows matching <paramref name="filter"/> (built by <see cref="RecordFilter"/>), and the token for the next.</summary>
    public async Task<(IReadOnlyList<RecordRow> Rows, string? ContinuationToken)> PageAsync(
        RecordFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken = default)
    {
        var page = await _table.QueryAsync<TableEntity>(filter.Text, pageSize, cancellationToken: cancellationToken)
            .AsPages(continuationToken, pageSize)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<RecordRow>();
        foreach (var entity in page?.Values ?? [])
        {
            rows.Add(await _documents.ResolveAsync(entity, cancellationToken).ConfigureAwait(false));
        }

        return (rows, page?.ContinuationToken);
    }

    /// <summary>The rows of an upload (or of the key range given) counted by status, and how many are done (two columns).</summary>
    public async Task<RecordCounts> CountAsync(string uploadId, string? firstRecordId = null, string? lastRecordId = null, CancellationToken cancellationToken = default)
    {
        var filter = firstRecordId is null || lastRecordId is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {uploadId}")
            : RangeFilter(uploadId, firstRecordId, lastRecordId);
        var rows = new List<(RecordStatus, bool)>();
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, 1000, CountColumns, cancellationToken).ConfigureAwait(false))
        {
            rows.Add((StateNames.ParseStatus(entity.GetString(RecordColumns.Status)), entity.GetBoolean(RecordColumns.Completed) == true));
        }

        return RecordCounts.Of(rows);
    }

    private async IAsyncEnumerable<RecordRow> QueryAsync(string filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return await _documents.ResolveAsync(entity, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string RangeFilter(string uploadId, string firstRecordId, string lastRecordId) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {uploadId} and RowKey ge {firstRecordId} and RowKey le {lastRecordId}");
}

/// <summary>An unfinished record the recovery sweep found untouched: where it waits, and how often it was restarted before.</summary>
public sealed record StalledRecord(string UploadId, string RecordId, RecordStage Stage, int Recoveries);

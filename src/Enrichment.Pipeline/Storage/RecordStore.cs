using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Enrichment.Pipeline.Messages;

namespace Enrichment.Pipeline.Storage;

/// <summary>
/// The <c>Records</c> table: one row per record per upload. A row whose documents would pass the entity limit
/// (1 MiB) keeps the largest of them in the <c>records</c> blob container instead (<c>SourceJson_Blob</c> names
/// it), so nothing is truncated.
/// </summary>
public sealed class RecordStore(TableServiceClient tables, BlobServiceClient blobs)
{
    /// <summary>Entities stay under this many bytes (the service's limit is 1 MiB), with room for the flat columns.</summary>
    public const int EntityBudgetBytes = 900 * 1024;

    private static readonly string[] DocumentColumns = ["SourceJson", "EnrichedJson", "ProvenanceJson", "DiscrepanciesJson"];

    public const string CitationPrefix = "Citation_";
    private const int BatchSize = 100;
    private static readonly string[] StageColumns = ["RowKey", "Stage"];
    private static readonly string[] CountColumns = ["Status", "Completed"];

    private readonly TableClient _table = tables.GetTableClient(StorageNames.RecordsTable);
    private readonly BlobContainerClient _documents = blobs.GetBlobContainerClient(StorageNames.RecordsContainer);

    public TableClient Table => _table;

    public async Task UpsertAsync(RecordRow row, CancellationToken cancellationToken = default) =>
        await _table.UpsertEntityAsync(await ToStoredEntityAsync(row, cancellationToken).ConfigureAwait(false), TableUpdateMode.Replace, cancellationToken)
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
            var entity = await ToStoredEntityAsync(row, cancellationToken).ConfigureAwait(false);
            var size = EstimateBytes(entity);
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

    /// <summary>
    /// The most one transaction carries, as <see cref="EstimateBytes"/> counts (UTF-16). The request is JSON,
    /// which can take three times that for escaped non-ASCII text; 1.25 MiB keeps even that under 4 MiB.
    /// </summary>
    public const long TransactionBudgetBytes = 1280 * 1024;

    /// <summary>The existing rows of a run of records (one range query), documents kept in blobs read back.</summary>
    public async Task<IReadOnlyList<RecordRow>> RunAsync(IRecordRun run, CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {run.UploadId} and RowKey ge {run.RecordId} and RowKey le {run.LastRecordId()}");
        var rows = new List<RecordRow>(run.Count);
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, BatchSize, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(await ResolveAsync(entity, cancellationToken).ConfigureAwait(false));
        }

        return rows;
    }

    /// <summary>
    /// Notes on the row why a stage attempt threw, so the poison handler (and anyone looking) can say why.
    /// Best effort: the original exception is what matters to the caller.
    /// </summary>
    public async Task NoteAttemptFailedAsync(string uploadId, string recordId, string stage, Exception exception, CancellationToken cancellationToken = default)
    {
        var entity = new TableEntity(uploadId, recordId)
        {
            ["Error"] = LargeText.Column($"{exception.GetType().Name}: {exception.Message}", 4000),
            ["ErrorStage"] = stage,
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

    /// <summary>Marks a row as looked at by recovery (refreshing its Timestamp) without changing anything else.</summary>
    public async Task TouchAsync(string uploadId, string recordId, DateTimeOffset when, CancellationToken cancellationToken = default) =>
        await _table.UpdateEntityAsync(new TableEntity(uploadId, recordId) { ["RecoveredAt"] = when }, ETag.All, TableUpdateMode.Merge, cancellationToken)
            .ConfigureAwait(false);

    /// <summary>The stage of each existing row of an upload between two row keys (inclusive).</summary>
    public async Task<Dictionary<string, string>> StagesAsync(string uploadId, string fromRowKey, string toRowKey, CancellationToken cancellationToken = default)
    {
        var stages = new Dictionary<string, string>(StringComparer.Ordinal);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {uploadId} and RowKey ge {fromRowKey} and RowKey le {toRowKey}");
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, BatchSize, StageColumns, cancellationToken).ConfigureAwait(false))
        {
            stages[entity.RowKey] = entity.GetString("Stage") ?? RecordStage.Enrich;
        }

        return stages;
    }

    public async Task<RecordRow?> GetAsync(string uploadId, string recordId, CancellationToken cancellationToken = default)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(uploadId, recordId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? await ResolveAsync(response.Value!, cancellationToken).ConfigureAwait(false) : null;
    }

    public async IAsyncEnumerable<RecordRow> QueryAsync(string filter, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return await ResolveAsync(entity, cancellationToken).ConfigureAwait(false);
        }
    }

    public AsyncPageable<TableEntity> QueryEntitiesAsync(string filter, int? pageSize, IEnumerable<string>? select = null, CancellationToken cancellationToken = default) =>
        _table.QueryAsync<TableEntity>(filter, pageSize, select, cancellationToken);

    /// <summary>One page of rows matching <paramref name="filter"/> (documents kept in blobs read back), and the token for the next.</summary>
    public async Task<(IReadOnlyList<RecordRow> Rows, string? ContinuationToken)> PageAsync(
        string filter, int pageSize, string? continuationToken, CancellationToken cancellationToken = default)
    {
        var page = await _table.QueryAsync<TableEntity>(filter, pageSize, cancellationToken: cancellationToken)
            .AsPages(continuationToken, pageSize)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<RecordRow>();
        foreach (var entity in page?.Values ?? [])
        {
            rows.Add(await ResolveAsync(entity, cancellationToken).ConfigureAwait(false));
        }

        return (rows, page?.ContinuationToken);
    }

    /// <summary>The rows of an upload counted by status, and how many are done (one scan of the partition, two columns).</summary>
    public async Task<RecordCounts> CountAsync(string uploadId, CancellationToken cancellationToken = default)
    {
        var byStatus = RecordStatus.All.ToDictionary(s => s, _ => 0, StringComparer.Ordinal);
        var (rows, completed) = (0, 0);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {uploadId}");
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, 1000, CountColumns, cancellationToken).ConfigureAwait(false))
        {
            var status = entity.GetString("Status") ?? RecordStatus.Parsed;
            byStatus[status] = byStatus.GetValueOrDefault(status) + 1;
            rows++;
            completed += entity.GetBoolean("Completed") == true ? 1 : 0;
        }

        return new RecordCounts(rows, completed, byStatus);
    }

    public IAsyncEnumerable<RecordRow> ForUploadAsync(string uploadId, CancellationToken cancellationToken = default) =>
        QueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {uploadId}"), cancellationToken);

    /// <summary>The row as an entity, its largest documents moved to blobs until it fits the entity budget.</summary>
    public async Task<TableEntity> ToStoredEntityAsync(RecordRow row, CancellationToken cancellationToken = default)
    {
        var entity = ToEntity(row);
        foreach (var column in DocumentColumns.OrderByDescending(c => LargeText.Read(entity, c)?.Length ?? 0))
        {
            if (EstimateBytes(entity) <= EntityBudgetBytes)
            {
                break;
            }

            var text = LargeText.Read(entity, column);
            if (text is null)
            {
                continue;
            }

            var blobName = $"{row.UploadId}/{row.RecordId}/{column}.json";
            await _documents.GetBlobClient(blobName).UploadAsync(BinaryData.FromString(text), overwrite: true, cancellationToken).ConfigureAwait(false);
            LargeText.Write(entity, column, null);
            entity[column + BlobSuffix] = blobName;
        }

        return entity;
    }

    /// <summary>The row of an entity, with documents kept in blobs read back.</summary>
    public async Task<RecordRow> ResolveAsync(TableEntity entity, CancellationToken cancellationToken = default)
    {
        var row = FromEntity(entity);
        foreach (var column in DocumentColumns)
        {
            if (entity.GetString(column + BlobSuffix) is not { } blobName)
            {
                continue;
            }

            var text = (await _documents.GetBlobClient(blobName).DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value.Content.ToString();
            row = column switch
            {
                "SourceJson" => row with { SourceJson = text },
                "EnrichedJson" => row with { EnrichedJson = text },
                "ProvenanceJson" => row with { ProvenanceJson = text },
                _ => row with { DiscrepanciesJson = text },
            };
        }

        return row;
    }

    public const string BlobSuffix = "_Blob";

    /// <summary>The entity's size as Table storage counts it (strings are UTF-16).</summary>
    public static long EstimateBytes(TableEntity entity)
    {
        long size = 4 + ((entity.PartitionKey.Length + entity.RowKey.Length) * 2L);
        foreach (var (name, value) in entity)
        {
            size += 8 + (name.Length * 2L) + value switch
            {
                string text => 4 + (text.Length * 2L),
                _ => 8,
            };
        }

        return size;
    }

    public static TableEntity ToEntity(RecordRow row)
    {
        var entity = new TableEntity(row.UploadId, row.RecordId)
        {
            ["UploadId"] = row.UploadId,
            ["SourceKey"] = row.SourceKey,
            ["Line"] = row.Line,
            ["Status"] = row.Status,
            ["Stage"] = row.Stage,
            ["Completed"] = row.Completed,
            ["Doi"] = row.Doi,
            ["Title"] = LargeText.Column(row.Title),
            ["FirstAuthor"] = LargeText.Column(row.FirstAuthor),
            ["Year"] = row.Year,
            ["ContainerTitle"] = LargeText.Column(row.ContainerTitle),
            ["Type"] = row.Type,
            ["Error"] = LargeText.Column(row.Error, 4000),
            ["ErrorStage"] = row.ErrorStage,
            ["Warnings"] = LargeText.Column(row.Warnings, 4000),
        };
        LargeText.Write(entity, "SourceJson", row.SourceJson);
        LargeText.Write(entity, "EnrichedJson", row.EnrichedJson);
        LargeText.Write(entity, "ProvenanceJson", row.ProvenanceJson);
        LargeText.Write(entity, "DiscrepanciesJson", row.DiscrepanciesJson);
        foreach (var (style, citation) in row.Citations)
        {
            LargeText.Write(entity, CitationPrefix + ColumnName(style), citation);
        }

        return entity;
    }

    public static RecordRow FromEntity(TableEntity entity)
    {
        var citations = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var key in entity.Keys)
        {
            if (key.StartsWith(CitationPrefix, StringComparison.Ordinal) && !IsContinuation(entity, key))
            {
                citations[key[CitationPrefix.Length..]] = LargeText.Read(entity, key) ?? "";
            }
        }

        return new RecordRow
        {
            UploadId = entity.PartitionKey,
            RecordId = entity.RowKey,
            SourceKey = entity.GetString("SourceKey"),
            Line = entity.GetInt32("Line") ?? 0,
            Status = entity.GetString("Status") ?? RecordStatus.Parsed,
            Stage = entity.GetString("Stage") ?? RecordStage.Enrich,
            Doi = entity.GetString("Doi"),
            Title = entity.GetString("Title"),
            FirstAuthor = entity.GetString("FirstAuthor"),
            Year = entity.GetInt32("Year"),
            ContainerTitle = entity.GetString("ContainerTitle"),
            Type = entity.GetString("Type"),
            SourceJson = LargeText.Read(entity, "SourceJson"),
            EnrichedJson = LargeText.Read(entity, "EnrichedJson"),
            ProvenanceJson = LargeText.Read(entity, "ProvenanceJson"),
            DiscrepanciesJson = LargeText.Read(entity, "DiscrepanciesJson"),
            Citations = citations.ToImmutable(),
            Error = entity.GetString("Error"),
            ErrorStage = entity.GetString("ErrorStage"),
            Warnings = entity.GetString("Warnings"),
        };
    }

    /// <summary>True for <c>X_Parts</c> and <c>X_3</c> when <c>X</c> is the first chunk of a long value.</summary>
    private static bool IsContinuation(TableEntity entity, string key)
    {
        var underscore = key.LastIndexOf('_');
        if (underscore <= 0)
        {
            return false;
        }

        var tail = key.AsSpan(underscore + 1);
        var head = key[..underscore];
        return (tail is "Parts" || (tail.Length > 0 && int.TryParse(tail, out _))) && entity.ContainsKey(head + "_Parts");
    }

    /// <summary>A style name as a property name: letters, digits and underscores only.</summary>
    public static string ColumnName(string style) =>
        new([.. style.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')]);
}

/// <summary>An upload's rows: how many exist, how many are done, and how many have each status.</summary>
public sealed record RecordCounts(int Rows, int Completed, IReadOnlyDictionary<string, int> ByStatus);

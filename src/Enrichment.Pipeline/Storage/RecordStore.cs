using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;

namespace Enrichment.Pipeline.Storage;

/// <summary>The <c>Records</c> table: one row per record per upload.</summary>
public sealed class RecordStore(TableServiceClient tables)
{
    public const string CitationPrefix = "Citation_";
    private const int BatchSize = 100;

    private readonly TableClient _table = tables.GetTableClient(StorageNames.RecordsTable);

    public TableClient Table => _table;

    public async Task UpsertAsync(RecordRow row, CancellationToken cancellationToken = default) =>
        await _table.UpsertEntityAsync(ToEntity(row), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);

    /// <summary>Upserts rows of one upload in transactions of up to 100 (one partition each).</summary>
    public async Task UpsertBatchAsync(IReadOnlyList<RecordRow> rows, CancellationToken cancellationToken = default)
    {
        foreach (var chunk in rows.Chunk(BatchSize))
        {
            var actions = chunk.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(r)));
            await _table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<RecordRow?> GetAsync(string uploadId, string recordId, CancellationToken cancellationToken = default)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(uploadId, recordId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? FromEntity(response.Value!) : null;
    }

    public async IAsyncEnumerable<RecordRow> QueryAsync(string filter, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return FromEntity(entity);
        }
    }

    public AsyncPageable<TableEntity> QueryEntitiesAsync(string filter, int? pageSize, IEnumerable<string>? select = null, CancellationToken cancellationToken = default) =>
        _table.QueryAsync<TableEntity>(filter, pageSize, select, cancellationToken);

    public IAsyncEnumerable<RecordRow> ForUploadAsync(string uploadId, CancellationToken cancellationToken = default) =>
        QueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {uploadId}"), cancellationToken);

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

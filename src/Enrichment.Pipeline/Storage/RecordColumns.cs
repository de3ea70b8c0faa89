using System.Collections.Immutable;
using System.Text.Json;
using Azure.Data.Tables;

namespace Enrichment.Pipeline.Storage;

/// <summary>
/// The <c>Records</c> table's columns, named once, and the mapping between <see cref="RecordRow"/> and its
/// entity. States are stored by their <see cref="StateNames"/>; long text is split by <see cref="LargeText"/>.
/// </summary>
internal static class RecordColumns
{
    public const string UploadId = "UploadId";
    public const string SourceKey = "SourceKey";
    public const string Line = "Line";
    public const string Status = "Status";
    public const string Stage = "Stage";
    public const string Completed = "Completed";
    public const string Doi = "Doi";
    public const string Title = "Title";
    public const string FirstAuthor = "FirstAuthor";
    public const string Year = "Year";
    public const string ContainerTitle = "ContainerTitle";
    public const string Type = "Type";
    public const string Retracted = "Retracted";
    public const string Error = "Error";
    public const string ErrorStage = "ErrorStage";
    public const string Warnings = "Warnings";
    public const string Recoveries = "Recoveries";
    public const string RecoveredAt = "RecoveredAt";
    public const string SourceJson = "SourceJson";
    public const string EnrichedJson = "EnrichedJson";
    public const string ProvenanceJson = "ProvenanceJson";
    public const string DiscrepanciesJson = "DiscrepanciesJson";

    /// <summary>A citation's column: this prefix, then the style name with anything but letters and digits as <c>_</c>.</summary>
    public const string CitationPrefix = "Citation_";

    /// <summary>Column suffix -> style name, stored when a style's name is not its column suffix (<c>chicago-author-date</c>).</summary>
    public const string CitationStyles = "CitationStyles";

    /// <summary>On a document column kept in the <c>records</c> container: the blob's name.</summary>
    public const string BlobSuffix = "_Blob";

    public static readonly string[] Documents = [SourceJson, EnrichedJson, ProvenanceJson, DiscrepanciesJson];

    public static TableEntity ToEntity(RecordRow row)
    {
        var entity = new TableEntity(row.UploadId, row.RecordId)
        {
            [UploadId] = row.UploadId,
            [SourceKey] = row.SourceKey,
            [Line] = row.Line,
            [Status] = row.Status.Name(),
            [Stage] = row.Stage.Name(),
            [Completed] = row.Completed,
            [Doi] = row.Doi,
            [Title] = LargeText.Column(row.Title),
            [FirstAuthor] = LargeText.Column(row.FirstAuthor),
            [Year] = row.Year,
            [ContainerTitle] = LargeText.Column(row.ContainerTitle),
            [Type] = row.Type,
            [Retracted] = row.Retracted,
            [Error] = LargeText.Column(row.Error, 4000),
            [ErrorStage] = row.ErrorStage?.Name(),
            [Warnings] = LargeText.Column(row.Warnings, 4000),
            [Recoveries] = row.Recoveries,
        };
        LargeText.Write(entity, SourceJson, row.SourceJson);
        LargeText.Write(entity, EnrichedJson, row.EnrichedJson);
        LargeText.Write(entity, ProvenanceJson, row.ProvenanceJson);
        LargeText.Write(entity, DiscrepanciesJson, row.DiscrepanciesJson);

        var renamed = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (style, citation) in row.Citations)
        {
            var column = CitationColumn(style);
            while (renamed.ContainsKey(column) || (column != style && row.Citations.ContainsKey(column)))
            {
                column += "_"; // Two names that read alike as columns ("a-b", "a_b") keep a column each.
            }

            if (column != style)
            {
                renamed[column] = style;
            }

            LargeText.Write(entity, CitationPrefix + column, citation);
        }

        entity[CitationStyles] = renamed.Count == 0 ? null : JsonSerializer.Serialize(renamed);
        return entity;
    }

    public static RecordRow FromEntity(TableEntity entity)
    {
        var renamed = entity.GetString(CitationStyles) is { } json
            ? JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? []
            : [];
        var citations = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var key in entity.Keys)
        {
            if (key.StartsWith(CitationPrefix, StringComparison.Ordinal) && !IsContinuation(entity, key))
            {
                var column = key[CitationPrefix.Length..];
                citations[renamed.GetValueOrDefault(column, column)] = LargeText.Read(entity, key) ?? "";
            }
        }

        return new RecordRow
        {
            UploadId = entity.PartitionKey,
            RecordId = entity.RowKey,
            SourceKey = entity.GetString(SourceKey),
            Line = entity.GetInt32(Line) ?? 0,
            Status = StateNames.ParseStatus(entity.GetString(Status)),
            Stage = StateNames.ParseStage(entity.GetString(Stage)),
            Doi = entity.GetString(Doi),
            Title = entity.GetString(Title),
            FirstAuthor = entity.GetString(FirstAuthor),
            Year = entity.GetInt32(Year),
            ContainerTitle = entity.GetString(ContainerTitle),
            Type = entity.GetString(Type),
            Retracted = entity.GetBoolean(Retracted) ?? false,
            SourceJson = LargeText.Read(entity, SourceJson),
            EnrichedJson = LargeText.Read(entity, EnrichedJson),
            ProvenanceJson = LargeText.Read(entity, ProvenanceJson),
            DiscrepanciesJson = LargeText.Read(entity, DiscrepanciesJson),
            Citations = citations.ToImmutable(),
            Error = entity.GetString(Error),
            ErrorStage = StateNames.ParseStep(entity.GetString(ErrorStage)),
            Warnings = entity.GetString(Warnings),
            Recoveries = entity.GetInt32(Recoveries) ?? 0,
        };
    }

    /// <summary>
    /// The entity's size, counted so that it holds however storage counts: the service counts strings as UTF-16
    /// (2 bytes a character), Azurite the request's JSON, where the SDK writes <c>&lt;</c>, <c>&gt;</c>, <c>&amp;</c>,
    /// quotes and every non-ASCII character as a 6-byte <c>\uXXXX</c> escape. A title of escaped markup is three
    /// times its UTF-16 size there.
    /// </summary>
    public static long EstimateBytes(TableEntity entity)
    {
        long size = 4 + ((entity.PartitionKey.Length + entity.RowKey.Length) * 2L);
        foreach (var (name, value) in entity)
        {
            size += 8 + (name.Length * 2L) + value switch
            {
                string text => 4 + StringBytes(text),
                _ => 8,
            };
        }

        return size;
    }

    private static readonly System.Buffers.SearchValues<char> PlainJson = System.Buffers.SearchValues.Create(
        " !#$%()*,-./0123456789:;=?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    private static long StringBytes(string text)
    {
        long bytes = text.Length * 2L;
        var rest = text.AsSpan();
        for (var next = rest.IndexOfAnyExcept(PlainJson); next >= 0; next = rest.IndexOfAnyExcept(PlainJson))
        {
            bytes += 4; // A 6-byte escape where 2 were counted.
            rest = rest[(next + 1)..];
        }

        return bytes;
    }

    /// <summary>A style name as a property name: letters, digits and underscores only.</summary>
    private static string CitationColumn(string style) =>
        new([.. style.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')]);

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
}

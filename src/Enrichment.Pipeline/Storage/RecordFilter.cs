using System.Runtime.CompilerServices;
using Azure.Data.Tables;

namespace Enrichment.Pipeline.Storage;

/// <summary>
/// An OData filter over <c>Records</c>. Every value reaches it through
/// <see cref="TableClient.CreateQueryFilter(FormattableString)"/>, which quotes and escapes it.
/// </summary>
public sealed record RecordFilter
{
    private RecordFilter(string text) => Text = text;

    public string Text { get; }

    /// <summary>An upload's records, narrowed by any of the values given (the title as a prefix: tables have no "contains").</summary>
    public static RecordFilter ForUpload(string uploadId, RecordStatus? status = null, string? doi = null, int? year = null, string? type = null, string? titlePrefix = null, bool? retracted = null)
    {
        var parts = new List<string> { TableClient.CreateQueryFilter($"PartitionKey eq {uploadId}") };
        if (status is { } wanted)
        {
            parts.Add(ColumnEquals(RecordColumns.Status, wanted.Name()));
        }

        if (doi is not null)
        {
            parts.Add(ColumnEquals(RecordColumns.Doi, doi));
        }

        if (year is { } y)
        {
            parts.Add(ColumnEquals(RecordColumns.Year, y));
        }

        if (type is not null)
        {
            parts.Add(ColumnEquals(RecordColumns.Type, type));
        }

        if (retracted is { } isRetracted)
        {
            parts.Add(ColumnEquals(RecordColumns.Retracted, isRetracted));
        }

        if (titlePrefix is not null)
        {
            parts.Add(TableClient.CreateQueryFilter(FormattableStringFactory.Create(
                $"{RecordColumns.Title} ge {{0}} and {RecordColumns.Title} lt {{1}}", titlePrefix, titlePrefix + "\uffff")));
        }

        return new RecordFilter(string.Join(" and ", parts));
    }

    /// <summary>Every record of one DOI, across uploads (a scan with a filter on the Doi column), retracted or not when asked.</summary>
    public static RecordFilter ForDoi(string doi, bool? retracted = null) => new(retracted is { } isRetracted
        ? $"{ColumnEquals(RecordColumns.Doi, doi)} and {ColumnEquals(RecordColumns.Retracted, isRetracted)}"
        : ColumnEquals(RecordColumns.Doi, doi));

    /// <summary><c>column eq value</c>, the column named by <see cref="RecordColumns"/>, the value quoted and escaped.</summary>
    private static string ColumnEquals(string column, object value) =>
        TableClient.CreateQueryFilter(FormattableStringFactory.Create(column + " eq {0}", value));
}

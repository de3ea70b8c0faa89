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
    public static RecordFilter ForUpload(string uploadId, RecordStatus? status = null, string? doi = null, int? year = null, string? type = null, string? titlePrefix = null)
    {
        var parts = new List<string> { TableClient.CreateQueryFilter($"PartitionKey eq {uploadId}") };
        if (status is { } wanted)
        {
            parts.Add(TableClient.CreateQueryFilter($"Status eq {wanted.Name()}"));
        }

        if (doi is not null)
        {
            parts.Add(TableClient.CreateQueryFilter($"Doi eq {doi}"));
        }

        if (year is { } y)
        {
            parts.Add(TableClient.CreateQueryFilter($"Year eq {y}"));
        }

        if (type is not null)
        {
            parts.Add(TableClient.CreateQueryFilter($"Type eq {type}"));
        }

        if (titlePrefix is not null)
        {
            parts.Add(TableClient.CreateQueryFilter($"Title ge {titlePrefix} and Title lt {titlePrefix + "\uffff"}"));
        }

        return new RecordFilter(string.Join(" and ", parts));
    }

    /// <summary>Every record of one DOI, across uploads (a scan with a filter on the Doi column).</summary>
    public static RecordFilter ForDoi(string doi) => new(TableClient.CreateQueryFilter($"Doi eq {doi}"));
}

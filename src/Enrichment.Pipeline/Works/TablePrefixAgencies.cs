using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using Enrichment.Core.Agencies;

namespace Enrichment.Pipeline.Works;

/// <summary>
/// The prefix-to-agency map shared by every instance: one row per learned prefix in the <c>Works</c> table, in the
/// prefix's own partition under the row key <see cref="RowKey"/> (which no escaped DOI suffix can be: an escape is
/// <c>~</c> and two hex digits), with this process's <see cref="PrefixAgencyMap"/> in front (seeded with the
/// prefixes known to be DataCite's). A prefix unknown here is read from the table; one learned is written once.
/// </summary>
public sealed class TablePrefixAgencies(TableClient table, PrefixAgencyMap memory, TimeProvider? time = null) : IPrefixAgencies
{
    public const string RowKey = "~agency";

    /// <summary>
    /// How long a prefix the table did not know is not asked about again: a file of many DOIs of one new prefix
    /// reads its row once, not once per DOI (the first answer then teaches this process).
    /// </summary>
    public static readonly TimeSpan MissTtl = TimeSpan.FromMinutes(1);

    private const int MaxMisses = 10_000;
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _misses = new(StringComparer.Ordinal);
    private readonly Lazy<Task> _tableReady = new(() => table.CreateIfNotExistsAsync());

    public async ValueTask<RegistrationAgency?> FindAsync(string prefix, CancellationToken cancellationToken = default)
    {
        if (memory.Find(prefix) is { } known)
        {
            return known;
        }

        var now = _time.GetUtcNow();
        if (_misses.TryGetValue(prefix, out var missed) && now - missed < MissTtl)
        {
            return null;
        }

        await _tableReady.Value.ConfigureAwait(false);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(prefix, RowKey, [Column], cancellationToken).ConfigureAwait(false);
        if (row.HasValue && row.Value is { } entity && AgencyNames.TryParse(entity.GetString(Column), out var agency))
        {
            memory.Learn(prefix, agency);
            return agency;
        }

        if (_misses.Count >= MaxMisses)
        {
            _misses.Clear();
        }

        _misses[prefix] = now;
        return null;
    }

    public async ValueTask LearnAsync(string prefix, RegistrationAgency agency, CancellationToken cancellationToken = default)
    {
        memory.Learn(prefix, agency);
        await _tableReady.Value.ConfigureAwait(false);
        try
        {
            await table.UpsertEntityAsync(
                new TableEntity(prefix, RowKey) { [Column] = AgencyNames.Of(agency) }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException)
        {
            // The map is a shortcut: a prefix not written is learned again by the next answer, never a record's error.
        }
    }

    private const string Column = "Agency";
}

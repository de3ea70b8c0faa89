using System.Collections.Concurrent;

namespace Enrichment.Core.Agencies;

/// <summary>
/// Which agency registers the DOIs of a prefix (<c>10.48550</c>): known ones are asked first, so a DOI of a learned
/// prefix costs one call. Learned from answers; the pipeline keeps the map in the <c>Works</c> table so every
/// instance shares it.
/// </summary>
public interface IPrefixAgencies
{
    /// <summary>The agency of <paramref name="prefix"/>, or null when not known yet.</summary>
    ValueTask<RegistrationAgency?> FindAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>Remembers that <paramref name="agency"/> answered for a DOI of <paramref name="prefix"/>.</summary>
    ValueTask LearnAsync(string prefix, RegistrationAgency agency, CancellationToken cancellationToken = default);
}

/// <summary>
/// The prefix map in memory: seeded with prefixes known to be DataCite's, bounded in size (a hostile file of
/// made-up prefixes cannot grow it past <see cref="MaxPrefixes"/>; past that, nothing more is learned here).
/// </summary>
public sealed class PrefixAgencyMap : IPrefixAgencies
{
    /// <summary>arXiv, Zenodo and Dryad: DataCite prefixes that bibliographies cite most.</summary>
    public static readonly IReadOnlyDictionary<string, RegistrationAgency> Seeds = new Dictionary<string, RegistrationAgency>(StringComparer.Ordinal)
    {
        ["10.48550"] = RegistrationAgency.DataCite,
        ["10.5281"] = RegistrationAgency.DataCite,
        ["10.5061"] = RegistrationAgency.DataCite,
    };

    public const int MaxPrefixes = 100_000;

    private readonly ConcurrentDictionary<string, RegistrationAgency> _known = new(Seeds, StringComparer.Ordinal);

    public ValueTask<RegistrationAgency?> FindAsync(string prefix, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Find(prefix));

    public ValueTask LearnAsync(string prefix, RegistrationAgency agency, CancellationToken cancellationToken = default)
    {
        Learn(prefix, agency);
        return ValueTask.CompletedTask;
    }

    /// <summary>The agency of a prefix, when this process knows it.</summary>
    public RegistrationAgency? Find(string prefix) => _known.TryGetValue(prefix, out var agency) ? agency : null;

    /// <summary>Remembers a prefix's agency in this process (within <see cref="MaxPrefixes"/>).</summary>
    public void Learn(string prefix, RegistrationAgency agency)
    {
        if (_known.Count < MaxPrefixes || _known.ContainsKey(prefix))
        {
            _known[prefix] = agency;
        }
    }
}

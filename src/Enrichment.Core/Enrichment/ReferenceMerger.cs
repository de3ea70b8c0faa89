using System.Collections.Immutable;
using Enrichment.Core.Records;

namespace Enrichment.Core.Enrichment;

/// <summary>
/// Merges a source record with Crossref's: Crossref's value wins where both have one (it is the registered
/// metadata), every disagreement is listed, and nothing the source had is dropped.
/// </summary>
public static class ReferenceMerger
{
    public static EnrichedRecord Merge(Reference source, Reference? crossref)
    {
        if (crossref is null)
        {
            return new EnrichedRecord
            {
                Source = source,
                Merged = source,
                FieldProvenance = source.Variables.Keys.ToImmutableSortedDictionary(k => k, _ => Provenance.Source, StringComparer.Ordinal),
            };
        }

        var provenance = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        var discrepancies = ImmutableArray.CreateBuilder<Discrepancy>();
        var merged = source with { Type = crossref.Type };

        foreach (var (name, sourceValue) in source.Variables)
        {
            provenance[name] = Provenance.Source;
        }

        foreach (var (name, crossrefValue) in crossref.Variables)
        {
            var sourceValue = source.Get(name);
            if (sourceValue is null)
            {
                provenance[name] = Provenance.Crossref;
            }
            else if (Normalize(sourceValue) == Normalize(crossrefValue))
            {
                provenance[name] = Provenance.Both;
            }
            else
            {
                provenance[name] = Provenance.Crossref;
                discrepancies.Add(new Discrepancy(name, sourceValue, crossrefValue, Provenance.Crossref));
            }

            merged = merged.With(name, crossrefValue);
        }

        foreach (var (name, names) in crossref.Names)
        {
            var sourceNames = source.GetNames(name);
            provenance[name] = sourceNames.IsDefaultOrEmpty ? Provenance.Crossref
                : SameFamilies(sourceNames, names) ? Provenance.Both : Provenance.Crossref;
            if (!sourceNames.IsDefaultOrEmpty && provenance[name] != Provenance.Both)
            {
                discrepancies.Add(new Discrepancy(name, Families(sourceNames), Families(names), Provenance.Crossref));
            }

            merged = merged.WithNames(name, names);
        }

        foreach (var (name, date) in crossref.Dates)
        {
            var sourceDate = source.GetDate(name);
            provenance[name] = sourceDate is null ? Provenance.Crossref
                : sourceDate.Year == date.Year ? Provenance.Both : Provenance.Crossref;
            if (sourceDate is not null && sourceDate.Year != date.Year)
            {
                discrepancies.Add(new Discrepancy(name, sourceDate.ToString(), date.ToString(), Provenance.Crossref));
            }

            merged = merged.WithDate(name, date);
        }

        foreach (var name in source.Names.Keys.Concat(source.Dates.Keys).Where(k => !provenance.ContainsKey(k)))
        {
            provenance[name] = Provenance.Source;
        }

        return new EnrichedRecord
        {
            Source = source,
            Crossref = crossref,
            Merged = merged,
            FieldProvenance = provenance.ToImmutable(),
            Discrepancies = discrepancies.ToImmutable(),
        };
    }

    private static string Normalize(string value) =>
        string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            .Replace("--", "-", StringComparison.Ordinal).Replace('\u2013', '-').ToUpperInvariant();

    private static string Families(ImmutableArray<PersonName> names) => string.Join("; ", names.Select(n => n.FamilyWithParticle));

    private static bool SameFamilies(ImmutableArray<PersonName> a, ImmutableArray<PersonName> b) =>
        string.Equals(Families(a), Families(b), StringComparison.OrdinalIgnoreCase);
}

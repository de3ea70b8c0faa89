using System.Collections.Immutable;
using Enrichment.Core.Formats.CslJson;
using Enrichment.Core.Records;

using Enrichment.Core.Identifiers;

namespace Enrichment.Core.Enrichment;

/// <summary>
/// Merges a source record with Crossref's. Nothing the source had is lost, every field says where its value came
/// from, and every disagreement is listed.
/// </summary>
/// <remarks>
/// Where both have a field and agree (compared folded: case, accents, TeX braces, dash styles), the field is
/// <c>both</c> and takes Crossref's registered spelling (the source's stays in <see cref="EnrichedRecord.Source"/>);
/// names take Crossref's entries, which add ORCID and affiliations. Where they disagree, Crossref's value wins
/// too and the disagreement is listed with both values. The DOI is the exception: the source's is never replaced. Custom fields
/// are united; a Crossref custom value that differs from the source's is kept under <c>crossref-{name}</c>.
/// Updates (retractions, corrections) are united, Crossref's first. Provenance keys are variable names, <c>type</c>,
/// <c>updates</c>, <c>update-to</c>, and <c>custom:{name}</c> for custom fields.
/// </remarks>
public static class ReferenceMerger
{
    /// <summary>Provenance keys of <see cref="Reference.Updates"/> and <see cref="Reference.UpdateTo"/>: their JSON names.</summary>
    private const string UpdatesKey = CslJsonConvert.UpdatesProperty;
    private const string UpdateToKey = CslJsonConvert.UpdateToProperty;

    public static EnrichedRecord Merge(Reference source, Reference? crossref, MatchResult? match = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        var provenance = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        if (crossref is null)
        {
            foreach (var key in Keys(source))
            {
                provenance[key] = Provenance.Source;
            }

            return new EnrichedRecord { Source = source, Merged = source, FieldProvenance = provenance.ToImmutable(), Match = match };
        }

        var discrepancies = ImmutableArray.CreateBuilder<Discrepancy>();
        var merged = source;

        // Type: Crossref's, unless it only knows "document" (no better CSL type) and the source said more.
        var type = crossref.Type == "document" && source.Type != "article" ? source.Type : crossref.Type;
        provenance["type"] = source.Type == crossref.Type ? Provenance.Both : type == source.Type ? Provenance.Source : Provenance.Crossref;
        merged = merged with { Type = type };

        foreach (var name in source.Variables.Keys.Union(crossref.Variables.Keys, StringComparer.Ordinal))
        {
            var mine = source.Get(name);
            var theirs = crossref.Get(name);
            if (theirs is null)
            {
                provenance[name] = Provenance.Source;
            }
            else if (mine is null)
            {
                provenance[name] = Provenance.Crossref;
                merged = merged.With(name, theirs);
            }
            else if (Agree(name, mine, theirs))
            {
                // Crossref's registered spelling; the source's stays in EnrichedRecord.Source. The DOI never changes.
                provenance[name] = Provenance.Both;
                if (name != "DOI")
                {
                    merged = merged.With(name, theirs);
                }
            }
            else if (name == "DOI")
            {
                // A DOI the source has is never replaced, whatever Crossref or a search says.
                provenance[name] = Provenance.Source;
                discrepancies.Add(new Discrepancy(name, mine, theirs, Provenance.Source));
            }
            else
            {
                provenance[name] = Provenance.Crossref;
                discrepancies.Add(new Discrepancy(name, mine, theirs, Provenance.Crossref));
                merged = merged.With(name, theirs);
            }
        }

        foreach (var name in source.Names.Keys.Union(crossref.Names.Keys, StringComparer.Ordinal))
        {
            var mine = source.GetNames(name);
            var theirs = crossref.GetNames(name);
            if (theirs.IsDefaultOrEmpty)
            {
                provenance[name] = Provenance.Source;
            }
            else if (mine.IsDefaultOrEmpty)
            {
                provenance[name] = Provenance.Crossref;
                merged = merged.WithNames(name, theirs);
            }
            else
            {
                var agree = SameFamilies(mine, theirs);
                provenance[name] = agree ? Provenance.Both : Provenance.Crossref;
                if (!agree)
                {
                    discrepancies.Add(new Discrepancy(name, Families(mine), Families(theirs), Provenance.Crossref));
                }

                merged = merged.WithNames(name, theirs);
            }
        }

        foreach (var name in source.Dates.Keys.Union(crossref.Dates.Keys, StringComparer.Ordinal))
        {
            var mine = source.GetDate(name);
            var theirs = crossref.GetDate(name);
            if (theirs is null)
            {
                provenance[name] = Provenance.Source;
            }
            else if (mine is null)
            {
                provenance[name] = Provenance.Crossref;
                merged = merged.WithDate(name, theirs);
            }
            else if (mine.Year == theirs.Year && mine.Year is not null)
            {
                provenance[name] = Provenance.Both;
                merged = merged.WithDate(name, Precision(theirs) > Precision(mine) ? theirs : mine);
            }
            else
            {
                provenance[name] = Provenance.Crossref;
                discrepancies.Add(new Discrepancy(name, mine.ToString(), theirs.ToString(), Provenance.Crossref));
                merged = merged.WithDate(name, theirs);
            }
        }

        foreach (var name in source.Custom.Keys.Union(crossref.Custom.Keys, StringComparer.Ordinal))
        {
            var key = "custom:" + name;
            var inSource = source.Custom.TryGetValue(name, out var mine);
            var inCrossref = crossref.Custom.TryGetValue(name, out var theirs);
            if (!inCrossref)
            {
                provenance[key] = Provenance.Source;
            }
            else if (!inSource)
            {
                provenance[key] = Provenance.Crossref;
                merged = merged.WithCustom(name, theirs!);
            }
            else if (Agree(name, mine!, theirs!))
            {
                provenance[key] = Provenance.Both;
            }
            else
            {
                provenance[key] = Provenance.Source;
                provenance["custom:crossref-" + name] = Provenance.Crossref;
                merged = merged.WithCustom("crossref-" + name, theirs!);
            }
        }

        // Updates: Crossref's (it learns of retractions after the source was written), then any the source had besides.
        foreach (var (name, mine, theirs) in new[] { (UpdatesKey, source.Updates, crossref.Updates), (UpdateToKey, source.UpdateTo, crossref.UpdateTo) })
        {
            if (mine.IsDefaultOrEmpty && theirs.IsDefaultOrEmpty)
            {
                continue;
            }

            provenance[name] = mine.IsDefaultOrEmpty ? Provenance.Crossref : theirs.IsDefaultOrEmpty ? Provenance.Source : Provenance.Both;
        }

        merged = merged with
        {
            Updates = WorkUpdates.Distinct(crossref.Updates.Concat(source.Updates)),
            UpdateTo = WorkUpdates.Distinct(crossref.UpdateTo.Concat(source.UpdateTo)),
        };

        return new EnrichedRecord
        {
            Source = source,
            Crossref = crossref,
            Merged = merged,
            FieldProvenance = provenance.ToImmutable(),
            Discrepancies = discrepancies.ToImmutable(),
            Match = match,
        };
    }

    private static IEnumerable<string> Keys(Reference reference) =>
        new[] { "type" }.Concat(reference.Variables.Keys).Concat(reference.Names.Keys).Concat(reference.Dates.Keys)
            .Concat(reference.Custom.Keys.Select(k => "custom:" + k))
            .Concat(reference.Updates.IsDefaultOrEmpty ? [] : [UpdatesKey])
            .Concat(reference.UpdateTo.IsDefaultOrEmpty ? [] : [UpdateToKey]);

    /// <summary>Whether two values of a field say the same thing.</summary>
    internal static bool Agree(string field, string a, string b) => field switch
    {
        "DOI" => Doi.TryParse(a, out var x) && Doi.TryParse(b, out var y) ? x == y : Fold(a) == Fold(b),
        "page" => Pages(a) == Pages(b),
        _ => TextFolding.Fold(a) == TextFolding.Fold(b) && TextFolding.Fold(a).Length > 0 || Fold(a) == Fold(b),
    };

    /// <summary>Page ranges compared alike whatever the dash, and with abbreviated ends expanded (123-9 is 123-129).</summary>
    internal static string Pages(string pages)
    {
        var normal = string.Concat(pages.Where(c => !char.IsWhiteSpace(c)))
            .Replace('\u2013', '-').Replace('\u2014', '-').Replace('\u2012', '-').Replace('\u2212', '-');
        while (normal.Contains("--", StringComparison.Ordinal))
        {
            normal = normal.Replace("--", "-", StringComparison.Ordinal);
        }

        var dash = normal.IndexOf('-', StringComparison.Ordinal);
        if (dash > 0 && dash < normal.Length - 1)
        {
            var first = normal[..dash];
            var last = normal[(dash + 1)..];
            if (last.Length < first.Length && first.All(char.IsAsciiDigit) && last.All(char.IsAsciiDigit))
            {
                last = first[..(first.Length - last.Length)] + last;
            }

            normal = first == last ? first : first + "-" + last;
        }

        return normal.ToUpperInvariant();
    }

    private static string Fold(string value) =>
        string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToUpperInvariant();

    private static int Precision(DateValue date) =>
        date.Parts.IsDefaultOrEmpty ? 0 : date.Parts[0].Day is not null ? 3 : date.Parts[0].Month is not null ? 2 : 1;

    private static string Families(ImmutableArray<PersonName> names) =>
        string.Join("; ", names.Select(n => n.IsOthers ? "et al." : n.FamilyWithParticle));

    /// <summary>Same family names in the same order; a source list ending "and others" need only agree on what it lists.</summary>
    private static bool SameFamilies(ImmutableArray<PersonName> source, ImmutableArray<PersonName> crossref)
    {
        var truncated = source.Length > 0 && source[^1].IsOthers;
        var listed = truncated ? source[..^1] : source;
        if (truncated ? listed.Length > crossref.Length : listed.Length != crossref.Length)
        {
            return false;
        }

        for (var i = 0; i < listed.Length; i++)
        {
            if (TextFolding.Fold(listed[i].FamilyWithParticle) != TextFolding.Fold(crossref[i].FamilyWithParticle))
            {
                return false;
            }
        }

        return true;
    }
}

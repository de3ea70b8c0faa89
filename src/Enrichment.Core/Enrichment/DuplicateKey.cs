using System.Globalization;
using Enrichment.Core.Identifiers;
using Enrichment.Core.Records;

namespace Enrichment.Core.Enrichment;

/// <summary>
/// What makes two records of one file the same work: the DOI (normalised: <c>https://doi.org/</c>, <c>doi:</c>,
/// %-escapes and case do not matter), or, for a record without one, its title, year and first author's family
/// name, folded as the matcher folds them (case, accents, TeX braces and commands, punctuation). A record with
/// neither a DOI nor all three has no key: nothing marks it a duplicate.
/// </summary>
public static class DuplicateKey
{
    public static string? For(Reference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (Doi.TryParse(reference.DoiText, out var doi))
        {
            return "doi:" + doi.Value;
        }

        var title = TextFolding.Fold(reference.Title);
        var first = reference.Authors.FirstOrDefault(a => !a.IsOthers);
        var family = TextFolding.Fold(first is null ? null : first.Family is null ? first.Literal : first.FamilyWithParticle);
        if (title.Length == 0 || family.Length == 0 || reference.Year is not { } year)
        {
            return null;
        }

        return string.Create(CultureInfo.InvariantCulture, $"work:{title}\n{year}\n{family}");
    }
}

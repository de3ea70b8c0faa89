using System.Globalization;
using System.Text.RegularExpressions;
using Enrichment.Core.Crossref;
using Enrichment.Core.Records;

namespace Enrichment.Core.Enrichment;

/// <summary>
/// The checks for a record that is only a pasted reference string (<see cref="Reference.ReferenceString"/>): the
/// query is the string itself, and a candidate is verified when its title, its year and its first author's family
/// name are each found in the string, folded as <see cref="TextFolding"/> folds titles (case, accents, TeX,
/// markup and punctuation). The decision between candidates is <see cref="ReferenceMatcher"/>'s, as for records
/// with fields.
/// </summary>
/// <remarks>
/// The rule (docs/matching.md says it in prose, with its measured precision and recall):
/// <list type="bullet">
/// <item>title: some stretch of the string is at least <see cref="TitleThreshold"/> similar to the candidate's
/// title, or to its title without the subtitle (1 - edit distance / title length); a title of fewer than
/// <see cref="ShortTitleWords"/> words must be found word for word.</item>
/// <item>year: the candidate's issued year, or the year after it, is one of the years written in the string
/// (Crossref's issued date is the earliest of online and print, so a citation may give the print year, one later;
/// a year before it is an earlier version, such as the preprint of the candidate article); unknown when the string
/// has none or the candidate has none.</item>
/// <item>first author: the family name (with or without its particle) is a word or words of the string, one
/// letter off allowed from six letters on; unknown when the candidate has no author or editor.</item>
/// <item>enough: the title, and at least one of year and first author known, and none of them different.</item>
/// </list>
/// </remarks>
public static partial class ReferenceStringMatch
{
    public const double TitleThreshold = 0.9;

    public const int ShortTitleWords = 3;

    /// <summary>The longest string (folded) the checks read; the rest of a longer one is not compared.</summary>
    public const int MaxCompared = 2000;

    /// <summary>
    /// The query for a reference string: the string folded; when that is longer than <paramref name="maxChars"/>,
    /// initials and "et al" are dropped first, and if it is still too long its start (the first authors) and its
    /// end (title, container, year, which long author lists push back) are kept around a cut. Null when nothing
    /// searchable is left.
    /// </summary>
    public static string? BuildQuery(string referenceString, int maxChars = CrossrefQuery.DefaultMaxChars)
    {
        ArgumentNullException.ThrowIfNull(referenceString);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxChars, 40);
        var folded = TextFolding.Fold(CrossrefQuery.Cap(referenceString, MaxCompared));
        if (folded.Count(char.IsLetter) < 3)
        {
            return null;
        }

        if (folded.Length <= maxChars)
        {
            return folded;
        }

        folded = string.Join(' ', folded.Split(' ').Where(word => word.Length > 1 && word is not ("et" or "al")));
        if (folded.Length <= maxChars)
        {
            return folded;
        }

        var head = CrossrefQuery.Cap(folded, maxChars / 4);
        var tailLength = maxChars - head.Length - 1;
        var tail = folded[^tailLength..];
        var space = tail.IndexOf(' ', StringComparison.Ordinal);
        return (head + " " + (space > 0 && space < tail.Length - 1 ? tail[(space + 1)..] : tail)).Trim();
    }

    /// <summary>Checks one candidate work against the string.</summary>
    public static CandidateVerdict Verify(string referenceString, CrossrefSearchHit hit, Reference work)
    {
        ArgumentNullException.ThrowIfNull(referenceString);
        ArgumentNullException.ThrowIfNull(hit);
        ArgumentNullException.ThrowIfNull(work);
        var text = TextFolding.Fold(CrossrefQuery.Cap(referenceString, MaxCompared));
        var title = TitleFound(text, work);
        var years = Years(referenceString);
        bool? year = years.Count > 0 && work.Year is { } y ? years.Contains(y) || years.Contains(y + 1) : null;
        bool? author = AuthorFound(text, work);
        return CandidateVerdict.Judge(hit, work, title, TitleThreshold, year, author);
    }

    /// <summary>How well the candidate's title (full, or without its subtitle) is found in the folded string, 0-1.</summary>
    internal static double TitleFound(string text, Reference work)
    {
        var best = 0.0;
        foreach (var title in Titles(work))
        {
            if (title.Length == 0)
            {
                continue;
            }

            var similarity = title.Count(c => c == ' ') + 1 < ShortTitleWords
                ? (ContainsWords(text, title) ? 1.0 : 0.0)
                : TextFolding.FoundIn(title, text);
            best = Math.Max(best, similarity);
        }

        return best;
    }

    private static IEnumerable<string> Titles(Reference work)
    {
        var full = TextFolding.Fold(work.Title);
        yield return full;
        if (work.Title is { } title && title.Contains(':', StringComparison.Ordinal))
        {
            yield return TextFolding.Fold(title[..title.IndexOf(':', StringComparison.Ordinal)]);
        }
    }

    /// <summary>True when the first author's family name is in the string, null when the candidate names nobody.</summary>
    internal static bool? AuthorFound(string text, Reference work)
    {
        var first = work.Authors.FirstOrDefault(a => !a.IsOthers) ?? work.GetNames("editor").FirstOrDefault();
        if (first is null)
        {
            return null;
        }

        var names = new[] { first.Family is null ? first.Literal : first.FamilyWithParticle, first.Family }
            .Select(TextFolding.Fold)
            .Where(n => n.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (names.Count == 0)
        {
            return null;
        }

        foreach (var name in names)
        {
            if (ContainsWords(text, name))
            {
                return true;
            }

            // One letter off (a typo, a transliteration) for names long enough that it still singles one out.
            if (name.Length >= 6 && !name.Contains(' ', StringComparison.Ordinal) && WordsNear(text, name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The years (1500-2099) written in the string.</summary>
    internal static HashSet<int> Years(string referenceString)
    {
        var years = new HashSet<int>();
        foreach (Match match in Year().Matches(CrossrefQuery.Cap(referenceString, MaxCompared)))
        {
            years.Add(int.Parse(match.ValueSpan, CultureInfo.InvariantCulture));
        }

        return years;
    }

    private static bool ContainsWords(string text, string words) =>
        $" {text} ".Contains($" {words} ", StringComparison.Ordinal);

    /// <summary>Some word of the string has the name's length, give or take one: the near match is a word, not a piece of one.</summary>
    private static bool WordsNear(string text, string name) =>
        text.Split(' ').Any(word => Math.Abs(word.Length - name.Length) <= 1 && TextFolding.Similarity(word, name) >= 1.0 - (1.0 / name.Length) - 1e-9);

    [GeneratedRegex(@"(?<![0-9])(?:1[5-9][0-9]{2}|20[0-9]{2})(?![0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex Year();
}

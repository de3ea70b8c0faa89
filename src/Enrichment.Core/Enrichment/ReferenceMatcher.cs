using System.Collections.Immutable;
using System.Globalization;
using Enrichment.Core.Crossref;
using Enrichment.Core.Records;

using Enrichment.Core.Identifiers;

namespace Enrichment.Core.Enrichment;

public enum MatchOutcome
{
    /// <summary>A candidate passed every check: its DOI may be used.</summary>
    Matched,

    /// <summary>Crossref had candidates, none verified (or two verified equally): <see cref="MatchResult.Best"/> says which came closest.</summary>
    NoConfidentMatch,

    /// <summary>Crossref returned nothing for the query.</summary>
    NoCandidates,

    /// <summary>Not searched: the record already has a DOI, or has too little to search by.</summary>
    NotSearched,
}

/// <summary>How one candidate fared against the record.</summary>
public sealed record CandidateVerdict
{
    public required Doi Doi { get; init; }

    /// <summary>Crossref's relevance score (no fixed scale; compared between candidates only).</summary>
    public required double Score { get; init; }

    /// <summary>Title similarity, 0-1, after folding case, accents, TeX and punctuation.</summary>
    public required double TitleSimilarity { get; init; }

    /// <summary>True, false, or null when one side has no year.</summary>
    public bool? YearAgrees { get; init; }

    /// <summary>True, false, or null when one side has no authors.</summary>
    public bool? FirstAuthorAgrees { get; init; }

    public required bool Verified { get; init; }

    public required Reference Work { get; init; }

    /// <summary>
    /// The verdict on a candidate, by the rule both matchers apply: its title close enough, neither its year nor its
    /// first author disagreeing, and at least one of the two checked.
    /// </summary>
    internal static CandidateVerdict Judge(CrossrefSearchHit hit, Reference work, double title, double titleThreshold, bool? year, bool? author) => new()
    {
        Doi = hit.Doi,
        Score = hit.Score,
        TitleSimilarity = Math.Round(title, 4),
        YearAgrees = year,
        FirstAuthorAgrees = author,
        Verified = title >= titleThreshold && year != false && author != false && (year is not null || author is not null),
        Work = work,
    };

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Doi} (score {Score:0.##}, title {TitleSimilarity:0.00}, year {Show(YearAgrees)}, first author {Show(FirstAuthorAgrees)})");

    private static string Show(bool? agrees) => agrees switch { true => "agrees", false => "differs", null => "unknown" };
}

/// <summary>The answer to "which Crossref work is this record?" for a record without a DOI.</summary>
public sealed record MatchResult
{
    public required MatchOutcome Outcome { get; init; }

    /// <summary>Why: the rule that decided, in words, for the record's status.</summary>
    public required string Reason { get; init; }

    /// <summary>The accepted candidate, or the closest one when no match was confident.</summary>
    public CandidateVerdict? Best { get; init; }

    public ImmutableArray<CandidateVerdict> Candidates { get; init; } = [];

    public bool IsMatch => Outcome == MatchOutcome.Matched;
}

/// <summary>
/// Finds the Crossref work for a record that has no DOI, and accepts it only when it can be verified.
/// </summary>
/// <remarks>
/// The rule (also in docs/matching.md):
/// <list type="number">
/// <item>Only records without a DOI are searched; a DOI the source has is never replaced.</item>
/// <item>The record needs a title. The query is <c>query.bibliographic</c> = title, first author's family name and
/// year, with <c>rows=2</c>.</item>
/// <item>A candidate is verified when (a) its title, folded (case, accents, TeX, markup and punctuation removed),
/// is at least <see cref="TitleThreshold"/> similar (1 - edit distance / length) to the record's, comparing with and
/// without the subtitle; (b) the record's year is the candidate's issued year or the year after (issued is the
/// earliest of online and print, so a record may give the print year; an earlier year is an earlier version, such
/// as a preprint), when both have a year; (c) its first author's family name equals the record's, folded, or one contains the
/// other (particles), when both have authors; and (d) the record has a year or an author, so at least two of
/// the three facts were checked.</item>
/// <item>The first verified candidate is accepted, unless the second also verifies with a Crossref score within
/// <see cref="AmbiguityRatio"/> of the first and a different DOI: then there is no confident match.</item>
/// <item>Otherwise the result is "no confident match", carrying the best candidate and its checks.</item>
/// </list>
/// A record with no title but a pasted reference string is searched by that string and checked by
/// <see cref="ReferenceStringMatch"/> (title, year and first author found in the string); the decision is the same.
/// </remarks>
public sealed class ReferenceMatcher(ICrossrefClient crossref)
{
    public const double TitleThreshold = 0.9;
    public const double AmbiguityRatio = 0.95;
    public const int Rows = 2;

    public async Task<MatchResult> MatchAsync(Reference source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!string.IsNullOrWhiteSpace(source.DoiText))
        {
            return NotSearched("the record has a DOI; a search never replaces it");
        }

        if (string.IsNullOrWhiteSpace(source.Title) && source.ReferenceString is { } text)
        {
            if (ReferenceStringMatch.BuildQuery(text) is not { } textQuery)
            {
                return NotSearched("the reference string has too few letters to search by");
            }

            var found = await crossref.SearchAsync(textQuery, Rows, cancellationToken).ConfigureAwait(false);
            return JudgeString(text, found);
        }

        if (BuildQuery(source) is not { } query)
        {
            return NotSearched("the record has no title to search by");
        }

        var hits = await crossref.SearchAsync(query, Rows, cancellationToken).ConfigureAwait(false);
        return Judge(source, hits);
    }

    /// <summary>
    /// Title, first author's family name and year, as one bibliographic string of at most
    /// <paramref name="maxChars"/> characters (the title is cut at a word boundary so author and year still fit);
    /// null without a title.
    /// </summary>
    public static string? BuildQuery(Reference source, int maxChars = CrossrefQuery.DefaultMaxChars)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxChars, 20);

        // Cut before folding too: a hostile record's 20 MB title is neither folded nor sent whole.
        var title = source.Title is { } raw ? CrossrefQuery.Cap(raw, maxChars * 2) : null;
        title = TextFolding.Fold(title);
        if (title.Length == 0)
        {
            return null;
        }

        title = CrossrefQuery.Cap(title, Math.Max(maxChars * 2 / 3, maxChars - 60));

        var parts = new List<string> { title };
        if (FirstFamily(source) is { Length: > 0 } family)
        {
            parts.Add(CrossrefQuery.Cap(family, 40));
        }

        if (source.Year is { } year)
        {
            parts.Add(year.ToString(CultureInfo.InvariantCulture));
        }

        return CrossrefQuery.Cap(string.Join(' ', parts), maxChars);
    }

    /// <summary>Applies the rule to the search's candidates (best first).</summary>
    public static MatchResult Judge(Reference source, IReadOnlyList<CrossrefSearchHit> hits)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Decide(hits, hit => Verify(source, hit), "no candidate agrees on title, year and first author");
    }

    /// <summary>Applies the reference-string rule (<see cref="ReferenceStringMatch"/>) to the search's candidates (best first).</summary>
    public static MatchResult JudgeString(string referenceString, IReadOnlyList<CrossrefSearchHit> hits)
    {
        ArgumentNullException.ThrowIfNull(referenceString);
        return Decide(hits, hit => ReferenceStringMatch.Verify(referenceString, hit, CrossrefWorkMapper.Map(hit.ParseMessage())),
            "no candidate's title, year and first author are all found in the reference string");
    }

    /// <summary>The decision, whichever checks made the verdicts: the first verified candidate, unless a second one is as good.</summary>
    private static MatchResult Decide(IReadOnlyList<CrossrefSearchHit> hits, Func<CrossrefSearchHit, CandidateVerdict> verify, string noneVerified)
    {
        ArgumentNullException.ThrowIfNull(hits);
        if (hits.Count == 0)
        {
            return new MatchResult { Outcome = MatchOutcome.NoCandidates, Reason = "Crossref found no candidate" };
        }

        var verdicts = hits.Take(Rows).Select(verify).ToImmutableArray();
        var verified = verdicts.Where(v => v.Verified).ToList();
        if (verified.Count == 0)
        {
            var best = verdicts.OrderByDescending(v => v.TitleSimilarity).ThenByDescending(v => v.Score).First();
            return new MatchResult
            {
                Outcome = MatchOutcome.NoConfidentMatch,
                Reason = noneVerified + ": closest " + best,
                Best = best,
                Candidates = verdicts,
            };
        }

        var first = verified[0];
        if (verified.Count > 1 && verified[1].Doi != first.Doi && verified[1].Score >= first.Score * AmbiguityRatio)
        {
            return new MatchResult
            {
                Outcome = MatchOutcome.NoConfidentMatch,
                Reason = $"two candidates agree equally well: {first.Doi} and {verified[1].Doi}",
                Best = first,
                Candidates = verdicts,
            };
        }

        return new MatchResult
        {
            Outcome = MatchOutcome.Matched,
            Reason = "title, year and first author agree: " + first,
            Best = first,
            Candidates = verdicts,
        };
    }

    private static CandidateVerdict Verify(Reference source, CrossrefSearchHit hit)
    {
        var work = CrossrefWorkMapper.Map(hit.ParseMessage());
        var title = TitleSimilarity(source, work);
        bool? year = source.Year is { } y && work.Year is { } wy ? y - wy is 0 or 1 : null;
        bool? author = FirstFamily(source) is { Length: > 0 } a && FirstFamily(work) is { Length: > 0 } wa
            ? a == wa || (Math.Min(a.Length, wa.Length) >= 3 && (a.Contains(wa, StringComparison.Ordinal) || wa.Contains(a, StringComparison.Ordinal)))
            : null;
        return CandidateVerdict.Judge(hit, work, title, TitleThreshold, year, author);
    }

    /// <summary>The best of: full titles, and the record's title against the candidate's without subtitle.</summary>
    private static double TitleSimilarity(Reference source, Reference work)
    {
        var mine = TextFolding.Fold(source.Title);
        var full = TextFolding.Fold(work.Title);
        var similarity = TextFolding.Similarity(mine, full);
        if (work.Custom.TryGetValue("subtitle", out _) && work.Title is { } title && title.Contains(':', StringComparison.Ordinal))
        {
            var main = TextFolding.Fold(title[..title.LastIndexOf(':')]);
            similarity = Math.Max(similarity, TextFolding.Similarity(mine, main));
        }

        return similarity;
    }

    internal static string? FirstFamily(Reference reference)
    {
        var first = reference.Authors.FirstOrDefault(a => !a.IsOthers) ?? reference.GetNames("editor").FirstOrDefault();
        return first is null ? null : TextFolding.Fold(first.Family is null ? first.Literal : first.FamilyWithParticle);
    }

    private static MatchResult NotSearched(string reason) => new() { Outcome = MatchOutcome.NotSearched, Reason = reason };
}

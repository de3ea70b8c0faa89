using Enrichment.Core.Crossref;
using Enrichment.Core.Enrichment;
using Enrichment.Core.Identifiers;

namespace Enrichment.Core.Tests.Enrichment;

public sealed class ReferenceStringMatchTests
{
    private static CrossrefSearchHit Hit(string title, string? family = "Müller", int? year = 2016, string doi = "10.1/a", double score = 80, string? particle = null) =>
        new(Doi.Parse(doi), score,
            "{\"DOI\":\"" + doi + "\",\"type\":\"journal-article\",\"title\":[\"" + title + "\"]"
            + (family is null ? "" : ",\"author\":[{\"given\":\"Jörg\",\"family\":\"" + family + "\"" + (particle is null ? "" : ",\"non-dropping-particle\":\"" + particle + "\"") + "}]")
            + (year is null ? "" : ",\"issued\":{\"date-parts\":[[" + year + "]]}") + "}");

    private const string Title = "Fire ecology of the boreal forest";

    public static TheoryData<string, string, bool> Strings => new()
    {
        { "as written", "Müller, J. (2016). Fire ecology of the boreal forest. Journal of Fire, 12, 1-10.", true },
        { "accents dropped", "Muller J. Fire ecology of the boreal forest. J Fire. 2016;12:1-10.", true },
        { "upper case", "MÜLLER, J. FIRE ECOLOGY OF THE BOREAL FOREST. JOURNAL OF FIRE, 2016.", true },
        { "initials first, and glued", "J.Müller, \"Fire Ecology of the Boreal Forest,\" J. Fire, vol. 12, 2016.", true },
        { "TeX accents", "M{\\\"u}ller, J. (2016). Fire ecology of the boreal forest.", true },
        { "a typo in the title", "Müller, J. (2016). Fire ecolgy of the boreal forest. Journal of Fire.", true },
        { "a typo in a long name", "Mueller, J. (2016). Fire ecology of the boreal forest.", true },
        { "print year, one after online", "Müller, J. (2017). Fire ecology of the boreal forest. Journal of Fire.", true },
        { "no year at all", "Müller, J. Fire ecology of the boreal forest. Journal of Fire.", true },
        { "another first author", "Schmidt, K. (2016). Fire ecology of the boreal forest. Journal of Fire.", false },
        { "a year before the work", "Müller, J. (2015). Fire ecology of the boreal forest. bioRxiv.", false },
        { "a year far off", "Müller, J. (1998). Fire ecology of the boreal forest.", false },
        { "another title", "Müller, J. (2016). Fire ecology of the tropical forest. Journal of Fire.", false },
        { "only part of the title", "Müller, J. (2016). Fire ecology. Journal of Fire.", false },
    };

    [Theory]
    [MemberData(nameof(Strings))]
    public void Accepts_a_candidate_only_when_title_year_and_first_author_are_found_in_the_string(string why, string text, bool accepted)
    {
        var result = ReferenceMatcher.JudgeString(text, [Hit(Title)]);

        result.IsMatch.ShouldBe(accepted, why + ": " + result.Reason);
    }

    [Fact]
    public void A_candidate_without_authors_needs_the_year()
    {
        ReferenceMatcher.JudgeString("Fire ecology of the boreal forest. (2016). Journal of Fire.", [Hit(Title, family: null)]).IsMatch.ShouldBeTrue();
        ReferenceMatcher.JudgeString("Fire ecology of the boreal forest. (n.d.). Journal of Fire.", [Hit(Title, family: null)]).IsMatch.ShouldBeFalse();
    }

    [Fact]
    public void A_candidate_without_a_year_needs_the_author()
    {
        ReferenceMatcher.JudgeString("Müller, J. Fire ecology of the boreal forest.", [Hit(Title, year: null)]).IsMatch.ShouldBeTrue();
    }

    [Fact]
    public void A_name_with_a_particle_is_found_with_or_without_it()
    {
        var hit = Hit(Title, family: "Berg", particle: "van den");

        ReferenceMatcher.JudgeString("van den Berg, J. (2016). Fire ecology of the boreal forest.", [hit]).IsMatch.ShouldBeTrue();
        ReferenceMatcher.JudgeString("Berg, J. van den (2016). Fire ecology of the boreal forest.", [hit]).IsMatch.ShouldBeTrue();
    }

    [Fact]
    public void A_short_title_must_be_found_word_for_word()
    {
        ReferenceMatcher.JudgeString("Müller, J. (2016). Fire ecology. Journal of Fire.", [Hit("Fire ecology")]).IsMatch.ShouldBeTrue();
        ReferenceMatcher.JudgeString("Müller, J. (2016). Fire ecologies compared. Journal of Fire.", [Hit("Fire ecology")]).IsMatch.ShouldBeFalse();
    }

    [Fact]
    public void A_title_found_without_its_subtitle_is_found()
    {
        ReferenceMatcher.JudgeString("Müller, J. (2016). Fire ecology of the boreal forest. Journal of Fire.", [Hit(Title + ": forty years of data")]).IsMatch.ShouldBeTrue();
    }

    [Fact]
    public void Two_candidates_found_alike_with_close_scores_are_no_confident_match()
    {
        var result = ReferenceMatcher.JudgeString("Müller, J. (2016). Fire ecology of the boreal forest.", [Hit(Title, doi: "10.1/a", score: 80), Hit(Title, doi: "10.1/b", score: 79)]);

        result.Outcome.ShouldBe(MatchOutcome.NoConfidentMatch);
        result.Reason.ShouldContain("two candidates");
    }

    [Fact]
    public void The_second_candidate_is_taken_when_only_it_is_found()
    {
        var result = ReferenceMatcher.JudgeString("Müller, J. (2016). Fire ecology of the boreal forest.", [Hit("Fire ecology of the tropical forest", doi: "10.1/a"), Hit(Title, doi: "10.1/b", score: 40)]);

        result.IsMatch.ShouldBeTrue();
        result.Best!.Doi.ShouldBe(Doi.Parse("10.1/b"));
    }

    [Fact]
    public void The_query_is_the_folded_string()
    {
        ReferenceStringMatch.BuildQuery("[3] Müller, J. (2016). “Fire ecology,” J. Fire.").ShouldBe("3 muller j 2016 fire ecology j fire");
        ReferenceStringMatch.BuildQuery("12. -- ** 2016").ShouldBeNull();
    }

    [Fact]
    public void A_long_string_keeps_its_first_authors_and_its_end_within_the_query_cap()
    {
        var authors = string.Join(", ", Enumerable.Range(1, 40).Select(i => $"Author{i}, A. B."));
        var text = $"{authors} (2016). Fire ecology of the boreal forest. Journal of Fire, 12, 1-10.";

        var query = ReferenceStringMatch.BuildQuery(text, 300)!;

        query.Length.ShouldBeLessThanOrEqualTo(300);
        query.ShouldStartWith("author1 author2");
        query.ShouldEndWith("fire ecology of the boreal forest journal of fire 12 10");
        CrossrefQuery.Cap(query, 300).ShouldBe(query);
    }

    [Fact]
    public void A_hostile_string_is_compared_only_up_to_its_cap()
    {
        var text = "Müller, J. (2016). Fire ecology of the boreal forest. " + new string('x', 5_000_000);

        ReferenceMatcher.JudgeString(text, [Hit(Title)]).IsMatch.ShouldBeTrue();
        ReferenceStringMatch.BuildQuery(text)!.Length.ShouldBeLessThanOrEqualTo(CrossrefQuery.DefaultMaxChars);
    }
}

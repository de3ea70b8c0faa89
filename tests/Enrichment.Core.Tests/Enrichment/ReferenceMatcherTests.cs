using System.Collections.Immutable;
using Enrichment.Core.Crossref;
using Enrichment.Core.Enrichment;
using Enrichment.Core.Records;
using Enrichment.Core.Identifiers;

namespace Enrichment.Core.Tests.Enrichment;

public sealed class ReferenceMatcherTests
{
    private static Reference Source(string? title = "Fire ecology of the boreal forest", string? family = "Ash", int? year = 2016) =>
        new Reference { Id = "ash2016", Type = "article-journal" }
            .With("title", title)
            .WithNames("author", family is null ? [] : [new PersonName { Family = family, Given = "Ann" }])
            .WithDate("issued", year is null ? null : DateValue.FromParts(year.Value));

    private static CrossrefSearchHit Hit(string doi, double score, string title, string family = "Ash", int year = 2016, string? subtitle = null) =>
        new(Doi.Parse(doi), score,
            "{\"DOI\":\"" + doi + "\",\"type\":\"journal-article\",\"title\":[\"" + title + "\"]"
            + (subtitle is null ? "" : ",\"subtitle\":[\"" + subtitle + "\"]")
            + ",\"author\":[{\"given\":\"A.\",\"family\":\"" + family + "\"}],\"issued\":{\"date-parts\":[[" + year + "]]}}");

    [Fact]
    public void Builds_the_query_from_title_first_author_and_year()
    {
        ReferenceMatcher.BuildQuery(Source("{Fire} Ecology: a {Review}", "Van der Berg")).ShouldBe("fire ecology a review van der berg 2016");
        ReferenceMatcher.BuildQuery(Source(title: null)).ShouldBeNull();
    }

    [Fact]
    public void Accepts_a_candidate_that_agrees_on_title_year_and_first_author()
    {
        var result = ReferenceMatcher.Judge(Source(), [Hit("10.1/a", 80, "Fire Ecology of the Boreal Forest"), Hit("10.1/b", 20, "Something else")]);

        result.Outcome.ShouldBe(MatchOutcome.Matched);
        result.Best!.Doi.ShouldBe(Doi.Parse("10.1/a"));
        result.Best.TitleSimilarity.ShouldBe(1.0);
    }

    [Theory]
    [InlineData("Fire ecology of the tropical forest", "Ash", 2016, "title")]
    [InlineData("Fire ecology of the boreal forest", "Birch", 2016, "first author")]
    [InlineData("Fire ecology of the boreal forest", "Ash", 2012, "year")]
    [InlineData("Fire ecology of the boreal forest", "Ash", 2017, "a year after the record's: the record cites an earlier version (a preprint)")]
    public void Refuses_a_candidate_that_differs_on_one_fact(string title, string family, int year, string fact)
    {
        var result = ReferenceMatcher.Judge(Source(), [Hit("10.1/a", 80, title, family, year)]);

        result.Outcome.ShouldBe(MatchOutcome.NoConfidentMatch, fact);
        result.Best.ShouldNotBeNull().Doi.ShouldBe(Doi.Parse("10.1/a"));
        result.Reason.ShouldContain("closest 10.1/a");
    }

    [Fact]
    public void Allows_a_year_off_by_one_for_online_first_articles()
    {
        ReferenceMatcher.Judge(Source(), [Hit("10.1/a", 80, "Fire ecology of the boreal forest", year: 2015)]).IsMatch.ShouldBeTrue();
    }

    [Fact]
    public void Matches_a_title_written_without_its_subtitle()
    {
        var result = ReferenceMatcher.Judge(Source(), [Hit("10.1/a", 80, "Fire ecology of the boreal forest", subtitle: "a review of forty years")]);

        result.IsMatch.ShouldBeTrue();
    }

    [Fact]
    public void Two_candidates_that_verify_with_close_scores_are_no_confident_match()
    {
        var result = ReferenceMatcher.Judge(Source(), [Hit("10.1/a", 80, "Fire ecology of the boreal forest"), Hit("10.1/b", 79, "Fire ecology of the boreal forest")]);

        result.Outcome.ShouldBe(MatchOutcome.NoConfidentMatch);
        result.Reason.ShouldContain("two candidates");
    }

    [Fact]
    public void Needs_a_year_or_an_author_besides_the_title()
    {
        var result = ReferenceMatcher.Judge(Source(family: null, year: null), [Hit("10.1/a", 80, "Fire ecology of the boreal forest")]);

        result.IsMatch.ShouldBeFalse();
    }

    [Fact]
    public void No_hits_is_no_candidates()
    {
        ReferenceMatcher.Judge(Source(), []).Outcome.ShouldBe(MatchOutcome.NoCandidates);
    }

    [Fact]
    public async Task Never_searches_for_a_record_that_has_a_DOI()
    {
        var crossref = new RecordingCrossref();
        var result = await new ReferenceMatcher(crossref).MatchAsync(Source().With("DOI", "10.9/own"));

        result.Outcome.ShouldBe(MatchOutcome.NotSearched);
        crossref.Searches.ShouldBeEmpty();
    }

    [Fact]
    public async Task Searches_with_two_rows()
    {
        var crossref = new RecordingCrossref { Hits = [Hit("10.1/a", 80, "Fire ecology of the boreal forest")] };

        var result = await new ReferenceMatcher(crossref).MatchAsync(Source());

        result.IsMatch.ShouldBeTrue();
        crossref.Searches.ShouldBe([("fire ecology of the boreal forest ash 2016", 2)]);
    }

    /// <summary>An in-memory Crossref that records searches (the HTTP client is tested against the fake server).</summary>
    internal sealed class RecordingCrossref : ICrossrefClient
    {
        public ImmutableArray<CrossrefSearchHit> Hits { get; init; } = [];

        public Dictionary<Doi, string> Works { get; } = [];

        public List<(string Query, int Rows)> Searches { get; } = [];

        public Task<CrossrefWorkResult> GetWorkAsync(Doi doi, CancellationToken cancellationToken = default) =>
            Task.FromResult(Works.TryGetValue(doi, out var json) ? new CrossrefWorkResult { Doi = doi, MessageJson = json } : CrossrefWorkResult.NotFound(doi));

        public Task<ImmutableArray<CrossrefSearchHit>> SearchAsync(string bibliographicQuery, int rows = 2, CancellationToken cancellationToken = default)
        {
            Searches.Add((bibliographicQuery, rows));
            return Task.FromResult(Hits);
        }
    }
}

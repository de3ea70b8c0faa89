using System.Text.Json;
using Enrichment.Core.Crossref;
using Enrichment.Core.Enrichment;
using Enrichment.Core.Records;
using Enrichment.Core.Tests.Crossref;
using Enrichment.Testing;
using Enrichment.Core.Identifiers;

namespace Enrichment.Core.Tests.Enrichment;

public sealed class ReferenceEnricherTests
{
    [Fact]
    public async Task Enriches_by_DOI_and_reports_a_DOI_Crossref_does_not_know()
    {
        var crossref = new ReferenceMatcherTests.RecordingCrossref();
        crossref.Works[Doi.Parse("10.1/known")] = """{"DOI":"10.1/known","type":"journal-article","title":["T"]}""";
        var enricher = new ReferenceEnricher(crossref);

        var known = await enricher.EnrichAsync(new Reference { Id = "a" }.With("DOI", "https://doi.org/10.1/KNOWN"));
        var unknown = await enricher.EnrichAsync(new Reference { Id = "b" }.With("DOI", "10.1/unknown"));
        var broken = await enricher.EnrichAsync(new Reference { Id = "c" }.With("DOI", "not a doi"));

        known.Status.ShouldBe(EnrichmentStatus.Enriched);
        known.Merged.Title.ShouldBe("T");
        unknown.Status.ShouldBe(EnrichmentStatus.NotInCrossref);
        unknown.Reason.ShouldContain("10.1/unknown");
        broken.Status.ShouldBe(EnrichmentStatus.NotSearched);
        broken.Merged.DoiText.ShouldBe("not a doi");
    }

    /// <summary>
    /// Precision over real works: a record built from a corpus work (title, first author, year; DOI removed) must
    /// come back with that work's DOI or with "no confident match", never with another work's DOI.
    /// </summary>
    [SharedDataFact]
    public async Task Matching_corpus_works_without_their_DOI_never_picks_a_wrong_one()
    {
        await using var fake = await FakeCrossref.StartAsync();
        fake.AddWorksFrom(SharedData.CrossrefWorks);
        var enricher = new ReferenceEnricher(CrossrefTestSupport.Client(CrossrefTestSupport.FastOptions(fake.BaseUrl)));
        int matched = 0, wrong = 0, tried = 0;

        foreach (var file in Directory.EnumerateFiles(SharedData.CrossrefWorks, "*.json").Order(StringComparer.Ordinal).Where((_, i) => i % 4 == 0))
        {
            using var document = JsonDocument.Parse(await File.ReadAllTextAsync(file));
            var work = CrossrefWorkMapper.Map(document.RootElement.GetProperty("message"));
            if (work.Title is null || work.Authors.IsDefaultOrEmpty)
            {
                continue;
            }

            tried++;
            var source = new Reference { Id = "r" + tried, Type = work.Type }
                .With("title", work.Title)
                .WithNames("author", [work.Authors[0]])
                .WithDate("issued", work.GetDate("issued"));
            var result = await enricher.EnrichAsync(source);
            if (result.Status == EnrichmentStatus.Enriched)
            {
                matched++;
                if (result.Merged.DoiText != work.DoiText)
                {
                    wrong++;
                }
            }
            else
            {
                result.Status.ShouldBe(EnrichmentStatus.NoConfidentMatch);
                result.Match!.Reason.ShouldNotBeNullOrEmpty();
            }
        }

        tried.ShouldBeGreaterThan(40);
        wrong.ShouldBe(0);
        matched.ShouldBeGreaterThan(tried * 3 / 4);
    }
}

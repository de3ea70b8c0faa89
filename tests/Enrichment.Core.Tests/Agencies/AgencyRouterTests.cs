using Enrichment.Core.Agencies;
using Enrichment.Core.Crossref;
using Enrichment.Core.DataCite;
using Enrichment.Core.DoiResolver;
using Enrichment.Core.Enrichment;
using Enrichment.Core.Identifiers;
using Enrichment.Core.Tests.Crossref;
using Enrichment.Testing;
using Flurl.Http.Configuration;
using Microsoft.Extensions.Options;

namespace Enrichment.Core.Tests.Agencies;

/// <summary>Crossref, then DataCite, then doi.org, each a fake over real HTTP; and what the router learns of prefixes.</summary>
public sealed class AgencyRouterTests : IAsyncLifetime
{
    private FakeCrossref _crossref = null!;
    private FakeDataCite _dataCite = null!;
    private FakeDoiResolver _resolver = null!;
    private PrefixAgencyMap _prefixes = null!;
    private AgencyRouter _router = null!;

    public async Task InitializeAsync()
    {
        _crossref = await FakeCrossref.StartAsync();
        _dataCite = await FakeDataCite.StartAsync();
        _resolver = await FakeDoiResolver.StartAsync();
        _crossref.AddWork(CrossrefTestSupport.Work("10.1000/crossref.1", "A Crossref work"));
        foreach (var n in new[] { 1, 2, 3 })
        {
            _dataCite.AddWork(DataCiteAnswers.Answer($"10.6084/m9.figshare.{n}", $$""" "titles": [{"title": "Figure {{n}}"}], "types": {"resourceTypeGeneral": "Image"} """));
        }

        _dataCite.AddWork(DataCiteAnswers.Arxiv("2101.00001", "Quantum things", "Noether", 2021, "10.1103/physrevd.1.1"));
        _resolver.AddWork("10.1400/medra.1", """{"type": "article-journal", "title": "Un articolo", "DOI": "10.1400/medra.1", "author": [{"family": "Rossi", "given": "Anna"}], "issued": {"date-parts": [[2015]]}}""");
        _prefixes = new PrefixAgencyMap();
        var clients = new FlurlClientCache();
        var crossref = new CrossrefClient(clients, Options.Create(CrossrefTestSupport.FastOptions(_crossref.BaseUrl)));
        var dataCite = new DataCiteClient(clients, Options.Create(new DataCiteOptions { BaseUrl = _dataCite.BaseUrl, RequestsPerSecond = 500, MaxRetries = 1 }));
        var resolver = new DoiResolverClient(clients, Options.Create(new DoiResolverOptions { BaseUrl = _resolver.BaseUrl, RequestsPerSecond = 500, MaxRetries = 1 }));
        _router = new AgencyRouter(crossref, dataCite, resolver, _prefixes);
    }

    public async Task DisposeAsync()
    {
        await _crossref.DisposeAsync();
        await _dataCite.DisposeAsync();
        await _resolver.DisposeAsync();
    }

    [Fact]
    public async Task A_Crossref_DOI_is_answered_by_Crossref_alone()
    {
        var result = await _router.GetWorkAsync(Doi.Parse("10.1000/crossref.1"));

        result.Agency.ShouldBe(RegistrationAgency.Crossref);
        _dataCite.TotalCalls.ShouldBe(0);
        _prefixes.Find("10.1000").ShouldBe(RegistrationAgency.Crossref);
    }

    [Fact]
    public async Task A_DataCite_DOI_is_asked_of_DataCite_after_Crossrefs_404_and_then_its_prefix_goes_straight_there()
    {
        var first = await _router.GetWorkAsync(Doi.Parse("10.6084/m9.figshare.1"));
        var second = await _router.GetWorkAsync(Doi.Parse("10.6084/m9.figshare.2"));
        var third = await _router.GetWorkAsync(Doi.Parse("10.6084/m9.figshare.3"));

        new[] { first, second, third }.ShouldAllBe(r => r.Found && r.Agency == RegistrationAgency.DataCite);
        _crossref.CallsFor("10.6084/m9.figshare.1").ShouldBe(1);
        _crossref.CallsFor("10.6084/m9.figshare.2").ShouldBe(0);
        _crossref.CallsFor("10.6084/m9.figshare.3").ShouldBe(0);
        new[] { 1, 2, 3 }.ShouldAllBe(n => _dataCite.CallsFor($"10.6084/m9.figshare.{n}") == 1);
        AgencyWorks.Map(third).Type.ShouldBe("graphic");
    }

    [Fact]
    public async Task A_seeded_arXiv_DOI_costs_one_call_at_DataCite()
    {
        var result = await _router.GetWorkAsync(Doi.Parse("10.48550/arXiv.2101.00001"));

        result.Agency.ShouldBe(RegistrationAgency.DataCite);
        _crossref.TotalCalls.ShouldBe(0);
        _dataCite.TotalCalls.ShouldBe(1);
    }

    [Fact]
    public async Task A_DOI_of_another_agency_is_read_by_content_negotiation_when_both_say_404()
    {
        var result = await _router.GetWorkAsync(Doi.Parse("10.1400/medra.1"));

        result.Agency.ShouldBe(RegistrationAgency.DoiResolver);
        var work = AgencyWorks.Map(result);
        (work.Title, work.Type, work.Authors[0].Family, work.Year).ShouldBe(("Un articolo", "article-journal", "Rossi", 2015));
        _resolver.Accepts.ShouldHaveSingleItem().ShouldContain(DoiResolverClient.CslJsonMediaType);
        _prefixes.Find("10.1400").ShouldBe(RegistrationAgency.DoiResolver);
    }

    [Fact]
    public async Task A_DOI_no_agency_knows_is_not_found_after_one_question_to_each()
    {
        var result = await _router.GetWorkAsync(Doi.Parse("10.9999/nowhere"));

        result.Found.ShouldBeFalse();
        (_crossref.CallsFor("10.9999/nowhere"), _dataCite.CallsFor("10.9999/nowhere"), _resolver.CallsFor("10.9999/nowhere")).ShouldBe((1, 1, 1));
        _prefixes.Find("10.9999").ShouldBeNull();
    }

    [Fact]
    public async Task An_arXiv_eprint_alone_ends_with_arXivs_DOI_its_published_version_and_its_version_kept()
    {
        var source = new Core.Records.Reference { Id = "x" }.WithCustom("eprint", "2101.00001v2").WithCustom("archiveprefix", "arXiv");

        var enriched = await new ReferenceEnricher(_router).EnrichAsync(source);

        enriched.Status.ShouldBe(EnrichmentStatus.Enriched);
        enriched.Merged.DoiText.ShouldBe("10.48550/arxiv.2101.00001");
        enriched.Merged.Title.ShouldBe("Quantum things");
        enriched.Merged.Type.ShouldBe("article");
        enriched.Merged.Custom["eprint"].ShouldBe("2101.00001v2");
        enriched.Merged.Custom[DataCiteWorkMapper.PublishedDoiField].ShouldBe("10.1103/physrevd.1.1");
        enriched.FieldProvenance["DOI"].ShouldBe(Provenance.DataCite);
        enriched.FieldProvenance["title"].ShouldBe(Provenance.DataCite);
        enriched.Agency.ShouldBe(RegistrationAgency.DataCite);
        _crossref.TotalCalls.ShouldBe(0);
    }

    [Fact]
    public async Task An_agency_that_is_down_makes_the_record_wait()
    {
        _dataCite.RetryAfterSeconds = 0;
        _dataCite.Script("10.5281/zenodo.5", FakeFault.ServiceUnavailable, FakeFault.ServiceUnavailable);

        await Should.ThrowAsync<CrossrefUnavailableException>(() => _router.GetWorkAsync(Doi.Parse("10.5281/zenodo.5")));
    }
}

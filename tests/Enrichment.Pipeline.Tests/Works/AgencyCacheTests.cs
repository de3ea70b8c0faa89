using Azure.Data.Tables;
using Enrichment.Core.Agencies;
using Enrichment.Core.Crossref;
using Enrichment.Core.DataCite;
using Enrichment.Core.DoiResolver;
using Enrichment.Core.Identifiers;
using Enrichment.Pipeline.Works;
using Enrichment.Testing;
using Flurl.Http.Configuration;
using Microsoft.Extensions.Options;

namespace Enrichment.Pipeline.Tests.Works;

/// <summary>The Works table as two instances share it: which agency answered a DOI, and which agency a prefix belongs to.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AgencyCacheTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Deposit = "10.6084/m9.figshare.77";
    private readonly string _tableName = "Works" + Guid.NewGuid().ToString("N")[..12];
    private FakeCrossref _crossref = null!;
    private FakeDataCite _dataCite = null!;

    public async Task InitializeAsync()
    {
        _crossref = await FakeCrossref.StartAsync();
        _dataCite = await FakeDataCite.StartAsync();
        _dataCite.AddWork(DataCiteAnswers.Answer(Deposit, """ "titles": [{"title": "Wing images"}], "types": {"resourceTypeGeneral": "Dataset"} """));
        _dataCite.AddWork(DataCiteAnswers.Answer("10.6084/m9.figshare.78", """ "titles": [{"title": "More wing images"}] """));
    }

    public async Task DisposeAsync()
    {
        await _crossref.DisposeAsync();
        await _dataCite.DisposeAsync();
        await new TableServiceClient(azurite.ConnectionString).DeleteTableAsync(_tableName);
    }

    /// <summary>One instance of the app: its own clients and its own prefix map in memory, the shared table.</summary>
    private CachedCrossrefClient Instance()
    {
        var clients = new FlurlClientCache();
        var table = new TableClient(azurite.ConnectionString, _tableName);
        var router = new AgencyRouter(
            new CrossrefClient(clients, Options.Create(new CrossrefOptions { BaseUrl = _crossref.BaseUrl, Mailto = "tests@example.org", RequestsPerSecond = 500, MaxRetries = 0 })),
            new DataCiteClient(clients, Options.Create(new DataCiteOptions { BaseUrl = _dataCite.BaseUrl, RequestsPerSecond = 500, MaxRetries = 0 })),
            new DoiResolverClient(clients, Options.Create(new DoiResolverOptions { BaseUrl = "http://127.0.0.1:9", MaxRetries = 0 })),
            new TablePrefixAgencies(table, new PrefixAgencyMap()));
        return new CachedCrossrefClient(router, table, TimeProvider.System, Options.Create(new WorksCacheOptions()));
    }

    [Fact]
    public async Task A_cached_DataCite_work_is_read_back_as_DataCites_by_another_instance_without_a_call()
    {
        var fetched = await Instance().GetWorkAsync(Doi.Parse(Deposit));
        var cached = await Instance().GetWorkAsync(Doi.Parse(Deposit));

        fetched.Agency.ShouldBe(RegistrationAgency.DataCite);
        cached.Agency.ShouldBe(RegistrationAgency.DataCite);
        AgencyWorks.Map(cached).Type.ShouldBe("dataset");
        _dataCite.CallsFor(Deposit).ShouldBe(1);
    }

    [Fact]
    public async Task A_prefix_one_instance_learned_sends_another_instances_DOIs_straight_to_DataCite()
    {
        await Instance().GetWorkAsync(Doi.Parse(Deposit));
        var other = await Instance().GetWorkAsync(Doi.Parse("10.6084/m9.figshare.78"));

        other.Agency.ShouldBe(RegistrationAgency.DataCite);
        _crossref.CallsFor(Deposit).ShouldBe(1);
        _crossref.CallsFor("10.6084/m9.figshare.78").ShouldBe(0);
        _dataCite.CallsFor("10.6084/m9.figshare.78").ShouldBe(1);
        var row = await new TableClient(azurite.ConnectionString, _tableName).GetEntityAsync<TableEntity>("10.6084", TablePrefixAgencies.RowKey);
        row.Value.GetString("Agency").ShouldBe("datacite");
    }
}

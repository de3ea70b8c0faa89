using System.Text;
using System.Text.Json;
using Enrichment.Testing;

namespace Enrichment.Cli.Tests.Serve;

/// <summary>DOIs of DataCite and arXiv eprints through `enrich serve`, against the fake agencies over HTTP.</summary>
[Collection(ServeCollection.Name)]
public sealed class AgenciesTests(ServeFixture serve)
{
    /// <summary>The title and general type each corpus answer holds, read from the files themselves.</summary>
    private static (string Title, string? General) Expected(string doi)
    {
        var file = Directory.EnumerateFiles(SharedData.DataCiteDois, "*.json")
            .Select(f => JsonDocument.Parse(File.ReadAllText(f)))
            .First(d => d.RootElement.GetProperty("data").GetProperty("attributes").GetProperty("doi").GetString() == doi);
        var attributes = file.RootElement.GetProperty("data").GetProperty("attributes");
        var title = attributes.GetProperty("titles").EnumerateArray().First(t => !t.TryGetProperty("titleType", out _)).GetProperty("title").GetString()!;
        return (string.Join(' ', title.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)),
            attributes.GetProperty("types").GetProperty("resourceTypeGeneral").GetString());
    }

    private async Task<List<JsonElement>> ItemsAsync(string uploadId)
    {
        using var records = JsonDocument.Parse(await serve.Http.GetStringAsync($"/api/uploads/{uploadId}/records?top=100"));
        return [.. records.RootElement.GetProperty("items").EnumerateArray().Select(i => i.Clone())];
    }

    [SharedDataFact]
    public async Task A_DOI_list_of_DataCite_DOIs_ends_enriched_with_DataCites_titles_and_types_one_call_per_DOI_once_the_prefix_is_known()
    {
        // One DOI of each prefix first (Crossref is asked unless the prefix is seeded), then every other DOI, whose
        // prefixes are known by then: each must cost exactly one call, at DataCite.
        var byPrefix = serve.CorpusDataCiteDois.GroupBy(d => d[..d.IndexOf('/', StringComparison.Ordinal)]).ToList();
        var first = byPrefix.Select(g => g.First()).ToList();
        var rest = byPrefix.SelectMany(g => g.Skip(1)).ToList();
        rest.Count.ShouldBeGreaterThan(5);

        var firstUpload = await serve.PostUploadAsync("datacite-first.txt", Encoding.UTF8.GetBytes(string.Join('\n', first)));
        await serve.WaitForUploadAsync(firstUpload, "completed");
        var restUpload = await serve.PostUploadAsync("datacite-rest.txt", Encoding.UTF8.GetBytes(string.Join('\n', rest.Concat(rest.Take(3)))));
        using var summary = await serve.WaitForUploadAsync(restUpload, "completed");

        summary.RootElement.GetProperty("counts").GetProperty("enriched").GetInt32().ShouldBe(rest.Count + 3);
        var items = (await ItemsAsync(firstUpload)).Concat(await ItemsAsync(restUpload)).ToList();
        foreach (var item in items)
        {
            var doi = item.GetProperty("doi").GetString()!;
            var (title, general) = Expected(doi);
            item.GetProperty("status").GetString().ShouldBe("enriched", doi);
            item.GetProperty("agency").GetString().ShouldBe("datacite", doi);
            item.GetProperty("title").GetString().ShouldNotBeNull().ShouldStartWith(title, Case.Sensitive, doi);
            if (general is "Dataset" or "Software")
            {
                item.GetProperty("type").GetString().ShouldBe(general.ToLowerInvariant(), doi);
            }

            item.GetProperty("provenance").GetProperty("title").GetString().ShouldBe("datacite", doi);
        }

        foreach (var doi in rest)
        {
            serve.DataCite.CallsFor(doi).ShouldBe(1, doi);
            serve.Crossref.CallsFor(doi).ShouldBe(0, doi);
        }

        foreach (var doi in first)
        {
            serve.DataCite.CallsFor(doi).ShouldBe(1, doi);
            serve.Crossref.CallsFor(doi).ShouldBe(doi.StartsWith("10.5281/", StringComparison.Ordinal) ? 0 : 1, doi);
        }
    }

    [Fact]
    public async Task An_entry_with_only_an_arXiv_eprint_ends_with_arXivs_DOI_and_its_published_version_beside_it()
    {
        var bib = "@article{noether2021, eprint = {" + TestWorks.ArxivId + "}, archivePrefix = {arXiv}}";

        var uploadId = await serve.PostUploadAsync("arxiv.bib", Encoding.UTF8.GetBytes(bib));
        await serve.WaitForUploadAsync(uploadId, "completed");

        var item = (await ItemsAsync(uploadId)).ShouldHaveSingleItem();
        item.GetProperty("status").GetString().ShouldBe("enriched");
        item.GetProperty("doi").GetString().ShouldBe("10.48550/arXiv.2101.00001", StringCompareShould.IgnoreCase);
        item.GetProperty("title").GetString().ShouldBe("Gravitational waves from nothing at all");
        item.GetProperty("agency").GetString().ShouldBe("datacite");
        var identifiers = item.GetProperty("identifiers");
        identifiers.GetProperty("arxiv").GetString().ShouldBe(TestWorks.ArxivId);
        identifiers.GetProperty("publishedDoi").GetString().ShouldBe(TestWorks.ArxivPublishedDoi);
        serve.Crossref.CallsFor("10.48550/arxiv.2101.00001").ShouldBe(0);
    }

    [Fact]
    public async Task An_arXiv_line_in_a_DOI_list_keeps_its_version_in_the_record()
    {
        var uploadId = await serve.PostUploadAsync("arxiv-list.txt", Encoding.UTF8.GetBytes("arXiv:2101.00001v3\n"));
        await serve.WaitForUploadAsync(uploadId, "completed");

        var item = (await ItemsAsync(uploadId)).ShouldHaveSingleItem();
        item.GetProperty("status").GetString().ShouldBe("enriched");
        item.GetProperty("identifiers").GetProperty("arxiv").GetString().ShouldBe("2101.00001v3");
        item.GetProperty("title").GetString().ShouldBe("Gravitational waves from nothing at all");
    }

    [Fact]
    public async Task PMID_PMCID_and_ISBN_13_are_shown_in_the_API_items()
    {
        var bib = """@book{b, title = {A Book Nobody Registered}, author = {Nobody, Ann}, year = {1999}, isbn = {0-306-40615-2}, pmid = {31452104}, pmcid = {PMC6736160}}""";

        var uploadId = await serve.PostUploadAsync("ids.bib", Encoding.UTF8.GetBytes(bib));
        await serve.WaitForUploadAsync(uploadId, "completed");

        var identifiers = (await ItemsAsync(uploadId)).ShouldHaveSingleItem().GetProperty("identifiers");
        identifiers.GetProperty("pmid").GetString().ShouldBe("31452104");
        identifiers.GetProperty("pmcid").GetString().ShouldBe("PMC6736160");
        identifiers.GetProperty("isbn13").EnumerateArray().Select(i => i.GetString()).ShouldBe(["9780306406157"]);
    }

    [Fact]
    public async Task The_works_endpoint_answers_a_DataCite_DOI_and_says_which_agency_answered()
    {
        using var response = await serve.Http.GetAsync("/api/works/10.48550/arXiv.2101.00001");

        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        json.RootElement.GetProperty("agency").GetString().ShouldBe("datacite");
        json.RootElement.GetProperty("record").GetProperty("title").GetString().ShouldBe("Gravitational waves from nothing at all");
        json.RootElement.GetProperty("record").GetProperty("type").GetString().ShouldBe("article");
    }
}

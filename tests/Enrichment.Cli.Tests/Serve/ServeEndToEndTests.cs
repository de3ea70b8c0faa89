using System.Net;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Enrichment.Pipeline.Storage;
using Enrichment.Testing;

namespace Enrichment.Cli.Tests.Serve;

[Collection(ServeCollection.Name)]
public sealed class ServeEndToEndTests(ServeFixture serve)
{
    [SharedDataFact]
    public async Task The_seed_record_dropped_into_uploads_lands_in_Records_with_the_Crossref_title()
    {
        var blob = serve.Uploads.GetBlobClient($"seed-{Guid.NewGuid():N}.bib");
        var uploaded = await blob.UploadAsync(SharedData.SeedBibTex);
        var uploadId = UploadIds.For(blob.Name, uploaded.Value.ETag.ToString());

        var row = await ServeFixture.EventuallyAsync(
            () => FindDoneRowAsync(uploadId, TestWorks.SeedDoi), "the seed's row to be done in Records");

        row.GetString("Status").ShouldBe("enriched");
        row.GetString("Title").ShouldBe("Conflict of electronic democracy with electronic government");
        row.GetString("FirstAuthor").ShouldBe("Khalili");
        row.GetInt32("Year").ShouldBe(2016);
        row.GetString("Citation_apa").ShouldNotBeNullOrWhiteSpace();
        row.GetString("Citation_apa")!.ShouldContain("Khalili");
        row.GetString("Citation_apa")!.ShouldContain("https://doi.org/10.22054/tssq.2016.2451");

        // Nothing of the source is lost: the Persian fields ride along in the source JSON.
        row.GetString("SourceJson")!.ShouldContain("کشاکشِ دولت الکترونیک با دموکراسی الکترونیک");
        serve.Crossref.CallsFor(TestWorks.SeedDoi).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task An_upload_posted_over_HTTP_completes_with_every_record_in_a_final_status()
    {
        var uploadId = await serve.PostUploadAsync("small.bib", Encoding.UTF8.GetBytes(TestWorks.SmallBibTex));

        using var summary = await serve.WaitForUploadAsync(uploadId, "completed");

        summary.RootElement.GetProperty("total").GetInt32().ShouldBe(2);
        var counts = summary.RootElement.GetProperty("counts");
        counts.GetProperty("enriched").GetInt32().ShouldBe(1);
        counts.GetProperty("no-match").GetInt32().ShouldBe(1);

        var records = JsonDocument.Parse(await serve.Http.GetStringAsync($"/api/uploads/{uploadId}/records?status=enriched"));
        var item = records.RootElement.GetProperty("items").EnumerateArray().ShouldHaveSingleItem();
        item.GetProperty("doi").GetString().ShouldBe(TestWorks.SeedDoi);
        item.GetProperty("source").GetProperty("custom").GetProperty("title_fa").GetString().ShouldBe("کشاکشِ دولت الکترونیک");

        var ris = await serve.Http.GetStringAsync($"/api/uploads/{uploadId}/export?format=ris");
        ris.Split("ER  -").Length.ShouldBe(3);
        ris.ShouldContain("DO  - 10.22054/tssq.2016.2451");
        using var cslJson = JsonDocument.Parse(await serve.Http.GetStringAsync($"/api/uploads/{uploadId}/export?format=csl-json"));
        cslJson.RootElement.GetArrayLength().ShouldBe(2);
        cslJson.RootElement[0].GetProperty("title").GetString().ShouldBe("Conflict of electronic democracy with electronic government");
        var text = await serve.Http.GetStringAsync($"/api/uploads/{uploadId}/export?format=text&style=apa");
        text.Trim().Split('\n').Length.ShouldBe(2);

        var byDoi = JsonDocument.Parse(await serve.Http.GetStringAsync($"/api/records?doi=https://doi.org/{TestWorks.SeedDoi.ToUpperInvariant()}"));
        byDoi.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("uploadId").GetString()).ShouldContain(uploadId);
    }

    [Fact]
    public async Task A_pasted_reference_list_ends_one_record_per_reference_the_found_ones_enriched_the_rest_no_match()
    {
        const string missing = "Nobody, N. (2001). A work Crossref does not have. Journal of Nothing, 1, 1-2.";
        var list = $"""
            References

            1. Khalili, M. (2016). Conflict of electronic democracy with electronic government. State Studies, 1(3), 1–32.
            2. Tester7, A. (2007). Generated work number 7. Journal of
               Tests, 7.
            3. {missing}
            4. Tester12, A. Generated work number 12. https://doi.org/{GeneratedWorks.Doi(12)}
            """;
        var searchesBefore = serve.Crossref.SearchCalls;

        var uploadId = await serve.PostUploadAsync("pasted.txt", Encoding.UTF8.GetBytes(list));
        using var summary = await serve.WaitForUploadAsync(uploadId, "completed");

        summary.RootElement.GetProperty("total").GetInt32().ShouldBe(4);
        var counts = summary.RootElement.GetProperty("counts");
        counts.GetProperty("enriched").GetInt32().ShouldBe(3);
        counts.GetProperty("no-match").GetInt32().ShouldBe(1);
        (counts.TryGetProperty("invalid", out var invalid) ? invalid.GetInt32() : 0).ShouldBe(0);

        using var enriched = JsonDocument.Parse(await serve.Http.GetStringAsync($"/api/uploads/{uploadId}/records?status=enriched"));
        enriched.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("doi").GetString())
            .ShouldBe([TestWorks.SeedDoi, GeneratedWorks.Doi(7), GeneratedWorks.Doi(12)], ignoreOrder: true);
        using var unmatched = JsonDocument.Parse(await serve.Http.GetStringAsync($"/api/uploads/{uploadId}/records?status=no-match"));
        var item = unmatched.RootElement.GetProperty("items").EnumerateArray().ShouldHaveSingleItem();
        item.GetProperty("source").GetProperty("custom").GetProperty("reference-string").GetString().ShouldBe(missing);
        item.GetProperty("citations").GetProperty("apa").GetString().ShouldBe(missing);

        // Three references were searched by their strings; the one holding a DOI was looked up by it, never searched.
        (serve.Crossref.SearchCalls - searchesBefore).ShouldBe(3);
    }

    [Theory]
    [InlineData("10.22054/tssq.2016.2451", HttpStatusCode.OK)]
    [InlineData("https://doi.org/10.22054/TSSQ.2016.2451", HttpStatusCode.OK)]
    [InlineData("10.5555/not-registered", HttpStatusCode.NotFound)]
    [InlineData("not-a-doi", HttpStatusCode.BadRequest)]
    public async Task Works_endpoint_answers_by_what_Crossref_knows(string doi, HttpStatusCode expected)
    {
        using var response = await serve.Http.GetAsync($"/api/works/{doi}");

        response.StatusCode.ShouldBe(expected);
        var body = await response.Content.ReadAsStringAsync();
        if (expected == HttpStatusCode.OK)
        {
            using var json = JsonDocument.Parse(body);
            json.RootElement.GetProperty("record").GetProperty("title").GetString().ShouldBe("Conflict of electronic democracy with electronic government");
            json.RootElement.GetProperty("citations").GetProperty("apa").GetString()!.ShouldContain("Khalili");
        }
        else
        {
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        }
    }

    private async Task<TableEntity?> FindDoneRowAsync(string uploadId, string doi)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {uploadId} and Doi eq {doi} and Completed eq true");
        await foreach (var entity in serve.Records.QueryAsync<TableEntity>(filter))
        {
            return entity;
        }

        return null;
    }
}

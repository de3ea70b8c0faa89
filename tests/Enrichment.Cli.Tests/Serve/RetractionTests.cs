using System.Net;
using System.Text;
using System.Text.Json;
using Enrichment.Testing;

namespace Enrichment.Cli.Tests.Serve;

/// <summary>
/// A file citing works that Crossref marks as retracted, withdrawn, in doubt and corrected, sent to <c>enrich serve</c>
/// as a user would: the records listing, its <c>?retracted=</c> filter, the exports and a lookup say what happened to each.
/// </summary>
[Collection(ServeCollection.Name)]
public sealed class RetractionTests(ServeFixture serve)
{
    [Fact]
    public async Task A_retracted_work_is_flagged_is_the_only_item_of_retracted_true_and_its_BibTeX_export_says_so()
    {
        var uploadId = await serve.PostUploadAsync("updates.bib", Encoding.UTF8.GetBytes(UpdatedWorks.BibTex(plain: 11)));
        using var summary = await serve.WaitForUploadAsync(uploadId, "completed");
        summary.RootElement.GetProperty("counts").GetProperty("enriched").GetInt32().ShouldBe(6);

        using var retracted = JsonDocument.Parse(await serve.Http.GetStringAsync($"/api/uploads/{uploadId}/records?retracted=true"));
        using var rest = JsonDocument.Parse(await serve.Http.GetStringAsync($"/api/uploads/{uploadId}/records?retracted=false"));
        var bibtex = await serve.Http.GetStringAsync($"/api/uploads/{uploadId}/export?format=bibtex");

        var item = retracted.RootElement.GetProperty("items").EnumerateArray().ShouldHaveSingleItem();
        item.GetProperty("doi").GetString().ShouldBe(UpdatedWorks.RetractedDoi);
        item.GetProperty("retracted").GetBoolean().ShouldBeTrue();
        item.GetProperty("citations").GetProperty("apa").GetString()!.ShouldStartWith("RETRACTED: Ash, A.");
        item.GetProperty("enriched").GetProperty("updates").EnumerateArray()
            .Count(u => u.GetProperty("type").GetString() == "retraction").ShouldBe(2);
        rest.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("retracted").GetBoolean()).ShouldBe([false, false, false, false, false]);

        var start = bibtex.IndexOf("@article{retracted,", StringComparison.Ordinal);
        start.ShouldBeGreaterThanOrEqualTo(0, bibtex);
        var entry = bibtex[start..bibtex.IndexOf("\n}\n", start, StringComparison.Ordinal)];
        entry.ShouldContain("note = {RETRACTED. ");
        entry.ShouldContain($"Retraction Watch record {UpdatedWorks.RetractionWatchRecord}");
        bibtex.Split("RETRACTED").Length.ShouldBe(2);
    }

    [Fact]
    public async Task A_lookup_of_a_retracted_work_shows_its_updates()
    {
        using var response = await serve.Http.GetAsync($"/api/works/{UpdatedWorks.RetractedDoi}");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        json.RootElement.GetProperty("retracted").GetBoolean().ShouldBeTrue();
        var updates = json.RootElement.GetProperty("record").GetProperty("updates").EnumerateArray().ToList();
        updates.Select(u => u.GetProperty("type").GetString()).ShouldBe(["correction", "retraction", "retraction"]);
        updates[2].GetProperty("source").GetString().ShouldBe("retraction-watch");
        updates[2].GetProperty("DOI").GetString().ShouldBe(UpdatedWorks.NoticeDoi);
    }

    [Fact]
    public async Task A_lookup_of_the_notice_shows_what_it_retracts_and_is_not_retracted_itself()
    {
        using var json = JsonDocument.Parse(await serve.Http.GetStringAsync($"/api/works/{UpdatedWorks.NoticeDoi}"));

        json.RootElement.GetProperty("retracted").GetBoolean().ShouldBeFalse();
        json.RootElement.GetProperty("record").GetProperty("update-to")[0].GetProperty("DOI").GetString().ShouldBe(UpdatedWorks.RetractedDoi);
    }
}

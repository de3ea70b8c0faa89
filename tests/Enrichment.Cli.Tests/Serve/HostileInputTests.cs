using System.Net;
using System.Text;
using System.Text.Json;

namespace Enrichment.Cli.Tests.Serve;

/// <summary>
/// The review's findings replayed against <c>enrich serve</c>: input built to crash, loop or flood ends as that
/// input's own error, and the host goes on answering everyone else.
/// </summary>
[Collection(ServeCollection.Name)]
public sealed class HostileInputTests(ServeFixture serve)
{
    [Theory]
    [InlineData(12_000)]
    [InlineData(30_000)]
    public async Task A_title_nested_thousands_deep_ends_as_a_finished_record_and_the_host_lives(int depth)
    {
        var title = string.Concat(Enumerable.Repeat("<i>", depth)) + "Deep" + string.Concat(Enumerable.Repeat("</i>", depth));
        var items = JsonSerializer.Serialize(new object[]
        {
            new Dictionary<string, object> { ["id"] = "deep", ["type"] = "article-journal", ["title"] = title },
            new Dictionary<string, object> { ["id"] = "plain", ["type"] = "book", ["title"] = "A plain book" },
        });

        var uploadId = await serve.PostUploadAsync($"deep-{depth}.json", Encoding.UTF8.GetBytes(items));
        using var summary = await serve.WaitForUploadAsync(uploadId, "completed");

        summary.RootElement.GetProperty("completed").GetInt32().ShouldBe(2);
        await HostAnswersAsync();
    }

    public static TheoryData<string, string> HostileStyles() => new()
    {
        { "recursive-macros", Style("""<macro name="a"><text macro="b"/></macro><macro name="b"><text macro="a"/></macro>""", """<text macro="a"/>""") },
        { "deep-groups", Style("", string.Concat(Enumerable.Repeat("<group>", 30_000)) + """<text variable="title"/>""" + string.Concat(Enumerable.Repeat("</group>", 30_000))) },
    };

    [Theory]
    [MemberData(nameof(HostileStyles))]
    public async Task A_style_in_the_container_that_recurses_or_nests_deep_is_an_unknown_style_and_the_host_lives(string name, string xml)
    {
        var styles = new Azure.Storage.Blobs.BlobServiceClient(serve.Azurite.ConnectionString).GetBlobContainerClient("styles");
        await styles.CreateIfNotExistsAsync();
        var styleName = $"{name}-{Guid.NewGuid():N}";
        await styles.UploadBlobAsync(styleName + ".csl", BinaryData.FromString(xml));

        using var response = await serve.Http.GetAsync($"/api/works/{TestWorks.SeedDoi}?style={styleName}");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Unknown style");
        await HostAnswersAsync();
    }

    [Fact]
    public async Task A_record_with_a_huge_title_is_searched_with_a_short_query_and_never_shuts_Crossref_off_for_others()
    {
        var huge = string.Join(' ', Enumerable.Repeat("enormous", 100_000)); // 900 KB: under the readers' 1 Mi cap, so it reaches the search
        var ris = $"TY  - JOUR\nTI  - {huge}\nPY  - 2001\nER  - \n";

        var uploadId = await serve.PostUploadAsync("huge-title.ris", Encoding.UTF8.GetBytes(ris));
        using var summary = await serve.WaitForUploadAsync(uploadId, "completed");

        summary.RootElement.GetProperty("completed").GetInt32().ShouldBe(1);
        serve.Crossref.QueryStrings.ShouldAllBe(q => q.Length < 4_000);
        await HostAnswersAsync();
    }

    /// <summary>The host still serves an ordinary request, with Crossref reachable (no open circuit).</summary>
    private async Task HostAnswersAsync()
    {
        using var response = await serve.Http.GetAsync($"/api/works/{TestWorks.SeedDoi}?style=apa");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private static string Style(string macros, string layout) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
          <info><title>Hostile</title><id>hostile</id></info>
          {macros}
          <citation><layout>{layout}</layout></citation>
          <bibliography><layout>{layout}</layout></bibliography>
        </style>
        """;
}

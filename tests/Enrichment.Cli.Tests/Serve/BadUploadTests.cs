using System.Text.Json;

namespace Enrichment.Cli.Tests.Serve;

/// <summary>Bad input gets a clear reason and loses nothing else.</summary>
[Collection(ServeCollection.Name)]
public sealed class BadUploadTests(ServeFixture serve)
{
    public static TheoryData<string, byte[], string> Rejected() => new()
    {
        { "paper.pdf", [.. "%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj"u8], "PDF" },
        { "empty.bib", [], "empty" },
        { "image.bib", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13], "PNG" },
    };

    [Theory]
    [MemberData(nameof(Rejected))]
    public async Task A_file_that_is_not_references_ends_as_a_failed_upload_with_the_reason(string name, byte[] content, string reasonMentions)
    {
        var uploadId = await serve.PostUploadAsync(name, content);

        using var summary = await serve.WaitForUploadAsync(uploadId, "failed");

        summary.RootElement.GetProperty("total").GetInt32().ShouldBe(0);
        summary.RootElement.GetProperty("error").GetString()!.ShouldContain(reasonMentions, Case.Insensitive);
    }

    [Fact]
    public async Task A_file_with_one_broken_entry_in_ten_keeps_the_nine_and_says_where_the_tenth_broke()
    {
        var entries = Enumerable.Range(0, 10).Select(i => i == 4
            ? "@article{broken4, title = {Never closed, year = 2001,\n"
            : $"@article{{ok{i}, title = {{Entry {i}}}, year = {2000 + i}}}\n");
        var uploadId = await serve.PostUploadAsync("mixed.bib", System.Text.Encoding.UTF8.GetBytes(string.Concat(entries)));

        using var summary = await serve.WaitForUploadAsync(uploadId, "completed");

        var counts = summary.RootElement.GetProperty("counts");
        counts.GetProperty("invalid").GetInt32().ShouldBe(1);
        counts.GetProperty("no-match").GetInt32().ShouldBe(9);
        using var invalid = JsonDocument.Parse(await serve.Http.GetStringAsync($"/api/uploads/{uploadId}/records?status=invalid"));
        var item = invalid.RootElement.GetProperty("items").EnumerateArray().ShouldHaveSingleItem();
        item.GetProperty("errorStage").GetString().ShouldBe("parse");
        item.GetProperty("error").GetString()!.ShouldContain("line 5");
    }
}

using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Enrichment.Core.Citations;
using Enrichment.Pipeline.Api;
using Enrichment.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Enrichment.Pipeline.Tests.Styles;

/// <summary><c>GET /api/styles</c> over the <c>styles</c> container on Azurite: what a caller may send back as <c>?style=</c>, and nothing else.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class StyleListingTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_listing_holds_the_built_in_styles_then_the_containers_csl_files_a_caller_can_name()
    {
        await using var pipeline = await PipelineServices.StartAsync(azurite.ConnectionString, true, ("Enrichment:Styles", "ieee,/srv/styles/house.csl,https://example.org/x.csl"));
        var tag = Guid.NewGuid().ToString("N")[..8];
        await UploadAsync(pipeline, $"house-{tag}.csl");
        await UploadAsync(pipeline, $"notes-{tag}.txt");
        await UploadAsync(pipeline, $"nested-{tag}/inner.csl");
        await UploadAsync(pipeline, $"has space-{tag}.csl");

        var result = await ApiRoutes.ListStyles.HandleAsync(pipeline, new ApiRequest(new Dictionary<string, string?>(), []));

        result.StatusCode.ShouldBe(200);
        using var body = JsonDocument.Parse(result.Body);
        var styles = body.RootElement.GetProperty("styles").EnumerateArray()
            .Select(s => (Name: s.GetProperty("name").GetString()!, Source: s.GetProperty("source").GetString()!)).ToList();
        styles.Take(5).ShouldBe([("apa", "built-in"), ("mla", "built-in"), ("chicago-author-date", "built-in"), ("ieee", "built-in"), ("vancouver", "built-in")]);
        styles.ShouldContain(($"house-{tag}", "container"));
        styles.ShouldNotContain(s => s.Name.Contains(tag, StringComparison.Ordinal) && s.Name != $"house-{tag}");
        // The operator's path and URL are rendered for every record but never shown to callers.
        body.RootElement.GetProperty("configured").EnumerateArray().Select(s => s.GetString()).ShouldBe(["ieee"]);
        result.Body.ShouldNotContain("/srv/styles");
        result.Body.ShouldNotContain("example.org");
    }

    [Fact]
    public async Task The_store_lists_at_most_the_number_asked_for()
    {
        await using var pipeline = await PipelineServices.StartAsync(azurite.ConnectionString);
        var tag = Guid.NewGuid().ToString("N")[..8];
        for (var n = 0; n < 3; n++)
        {
            await UploadAsync(pipeline, $"many-{tag}-{n}.csl");
        }

        var listed = await pipeline.GetRequiredService<IStyleStore>().ListAsync(2).ToListAsync();

        listed.Count.ShouldBe(2);
    }

    private static async Task UploadAsync(IServiceProvider pipeline, string blobName)
    {
        var container = pipeline.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(StorageNames.StylesContainer);
        await container.GetBlobClient(blobName).UploadAsync(new BinaryData(Encoding.UTF8.GetBytes("<style/>")), overwrite: true);
    }
}

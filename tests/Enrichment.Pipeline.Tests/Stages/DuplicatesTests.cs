using System.Text;
using Azure.Storage.Blobs;
using Enrichment.Pipeline.Api;
using Enrichment.Pipeline.Stages;
using Enrichment.Pipeline.Storage;
using Enrichment.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Enrichment.Pipeline.Tests.Stages;

/// <summary>Ingest marks a record that repeats an earlier one of its upload; export keeps or drops it.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class DuplicatesTests(AzuriteFixture azurite)
{
    private const string File = """
        @article{first, doi = {10.1000/dup}, title = {Original}, author = {Doe, Jane}, year = 2020}
        @article{other, title = {Another Work}, author = {Roe, Richard}, year = 2019}
        @article{again, doi = {https://doi.org/10.1000/DUP}, title = {Original, again}}
        @misc{broken, title = {x} junk}
        @article{same-work, title = {ANOTHER work.}, author = {Richard Roe}, year = {2019}}
        @article{third, doi = {doi:10.1000/dup}}
        """;

    [Fact]
    public async Task A_record_repeating_an_earlier_DOI_or_title_year_and_author_names_it_in_its_row()
    {
        await using var pipeline = await PipelineServices.StartAsync(azurite.ConnectionString);
        var upload = await IngestAsync(pipeline, File);

        var rows = await RowsAsync(pipeline, upload.UploadId);

        rows.Select(r => (r.SourceKey, r.DuplicateOf)).ShouldBe(
        [
            ("first", null), ("other", null), ("again", RecordIds.For(0)), ("broken", null),
            ("same-work", RecordIds.For(1)), ("third", RecordIds.For(0)),
        ]);
    }

    [Fact]
    public async Task Ingesting_the_same_blob_again_marks_the_same_duplicates()
    {
        await using var pipeline = await PipelineServices.StartAsync(azurite.ConnectionString);
        var upload = await IngestAsync(pipeline, File);
        await pipeline.GetRequiredService<UploadStore>().UpsertAsync(upload with { ParsedAt = null });

        await pipeline.GetRequiredService<IngestStage>().RunAsync(BlobOf(pipeline, upload.BlobName));

        (await RowsAsync(pipeline, upload.UploadId)).Count(r => r.DuplicateOf is not null).ShouldBe(3);
    }

    [Theory]
    [InlineData(null, 5)]
    [InlineData("keep", 5)]
    [InlineData("KEEP", 5)]
    [InlineData("drop", 2)]
    public async Task Export_keeps_duplicates_unless_asked_to_drop_them(string? duplicates, int exported)
    {
        await using var pipeline = await PipelineServices.StartAsync(azurite.ConnectionString);
        var upload = await IngestAsync(pipeline, File);

        var result = await pipeline.GetRequiredService<ExportApi>().ExportAsync(upload.UploadId, "doi-list", null, duplicates);
        var text = await BodyAsync(result);
        var json = await BodyAsync(await pipeline.GetRequiredService<ExportApi>().ExportAsync(upload.UploadId, "csl-json", null, duplicates));

        result.StatusCode.ShouldBe(200);
        System.Text.Json.JsonDocument.Parse(json).RootElement.GetArrayLength().ShouldBe(exported);
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.Contains("10.1000/dup", StringComparison.Ordinal)).ShouldBe(duplicates == "drop" ? 1 : 3);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("remove")]
    public async Task Export_refuses_another_duplicates_choice_before_the_first_byte(string duplicates)
    {
        var request = new ApiRequest(
            new Dictionary<string, string?> { ["id"] = "u0123456789abcdef0123" },
            [KeyValuePair.Create("duplicates", (IReadOnlyList<string?>)[duplicates])]);
        await using var pipeline = await PipelineServices.StartAsync(azurite.ConnectionString);

        var result = await ApiRoutes.ExportUpload.HandleAsync(pipeline, request);

        result.StatusCode.ShouldBe(400);
        result.BodyWriter.ShouldBeNull();
        result.Body.ShouldContain("Invalid duplicates");
    }

    private static BlobClient BlobOf(IServiceProvider pipeline, string name) =>
        pipeline.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(StorageNames.UploadsContainer).GetBlobClient(name);

    private static async Task<UploadRow> IngestAsync(IServiceProvider pipeline, string content)
    {
        var blob = BlobOf(pipeline, $"dups-{Guid.NewGuid():N}.bib");
        await blob.UploadAsync(new BinaryData(Encoding.UTF8.GetBytes(content)));
        return await pipeline.GetRequiredService<IngestStage>().RunAsync(blob);
    }

    private static async Task<List<RecordRow>> RowsAsync(IServiceProvider pipeline, string uploadId)
    {
        var rows = new List<RecordRow>();
        await foreach (var row in pipeline.GetRequiredService<RecordStore>().ForUploadAsync(uploadId))
        {
            rows.Add(row);
        }

        return rows;
    }

    private static async Task<string> BodyAsync(ApiResult result)
    {
        using var output = new MemoryStream();
        await result.WriteBodyAsync(output, CancellationToken.None);
        return Encoding.UTF8.GetString(output.ToArray());
    }
}

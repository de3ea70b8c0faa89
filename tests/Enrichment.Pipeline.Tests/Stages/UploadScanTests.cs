using System.Text;
using Azure.Storage.Blobs;
using Enrichment.Pipeline.Stages;
using Enrichment.Pipeline.Storage;
using Enrichment.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Enrichment.Pipeline.Tests.Stages;

[Collection(AzuriteCollection.Name)]
public sealed class UploadScanTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Each_blob_version_is_read_once_even_across_restarts()
    {
        await using var pipeline = await PipelineServices.StartAsync(azurite.ConnectionString);
        var container = pipeline.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(StorageNames.UploadsContainer);
        var name = $"scan-{Guid.NewGuid():N}.bib";
        var first = await container.GetBlobClient(name).UploadAsync(Bib("First"), overwrite: true);

        var scan = pipeline.GetRequiredService<UploadScan>();
        (await scan.RunAsync()).ShouldBeGreaterThanOrEqualTo(1);
        await scan.IdleAsync();
        (await UploadAsync(pipeline, name, first.Value.ETag.ToString()))!.ParsedAt.ShouldNotBeNull();

        // A new host (a restart) learns from the Uploads table that every blob has been read.
        var restarted = ActivatorUtilities.CreateInstance<UploadScan>(pipeline);
        (await restarted.RunAsync()).ShouldBe(0);

        // A changed blob is a new upload.
        var second = await container.GetBlobClient(name).UploadAsync(Bib("Second"), overwrite: true);
        (await restarted.RunAsync()).ShouldBe(1);
        await restarted.IdleAsync();
        (await UploadAsync(pipeline, name, second.Value.ETag.ToString()))!.Total.ShouldBe(1);
    }

    [Fact]
    public async Task An_upload_that_fails_on_every_attempt_ends_failed_with_the_last_error()
    {
        // Blobs and tables work; "queues" are the blob service, which refuses queue requests at once (a closed
        // port would do too, after the SDK's retries): every read fails when it sends the enrich message.
        await using var healthy = await PipelineServices.StartAsync(azurite.ConnectionString);
        var noQueues = AzuriteFixture.BuildConnectionString(azurite.BlobPort, azurite.BlobPort, azurite.TablePort);
        await using var pipeline = await PipelineServices.StartAsync(noQueues, initialize: false, ("Enrichment:IngestMaxAttempts", "2"));
        var container = pipeline.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(StorageNames.UploadsContainer);
        var name = $"doomed-{Guid.NewGuid():N}.bib";
        var written = await container.GetBlobClient(name).UploadAsync(Bib("Doomed"), overwrite: true);
        var scan = pipeline.GetRequiredService<UploadScan>();

        for (var attempt = 0; attempt < 2; attempt++)
        {
            await scan.RunAsync();
            await scan.IdleAsync();
        }

        var upload = await UploadAsync(pipeline, name, written.Value.ETag.ToString());
        upload!.Status.ShouldBe(UploadStatus.Failed);
        upload.Error!.ShouldContain("gave the blob up (upload scan)");
        upload.Error!.ShouldContain("Last error:");
        (await scan.RunAsync()).ShouldBe(0); // Given up: not read again.
    }

    private static BinaryData Bib(string title) =>
        new(Encoding.UTF8.GetBytes($"@article{{scan, title = {{{title}}}, year = {{2001}}}}\n"));

    private static Task<UploadRow?> UploadAsync(IServiceProvider pipeline, string name, string etag) =>
        pipeline.GetRequiredService<UploadStore>().GetAsync(UploadIds.For(name, etag));
}

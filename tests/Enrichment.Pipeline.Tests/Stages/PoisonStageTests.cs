using Azure.Data.Tables;
using Enrichment.Pipeline.Messages;
using Enrichment.Pipeline.Stages;
using Enrichment.Pipeline.Storage;
using Enrichment.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Enrichment.Pipeline.Tests.Stages;

[Collection(AzuriteCollection.Name)]
public sealed class PoisonStageTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_poisoned_enrich_message_marks_its_record_failed_with_the_last_error()
    {
        var tables = new TableServiceClient(azurite.ConnectionString);
        await tables.CreateTableIfNotExistsAsync(StorageNames.RecordsTable);
        var records = new RecordStore(tables, new Azure.Storage.Blobs.BlobServiceClient(azurite.ConnectionString));
        var uploadId = UploadIds.For("poison.bib", Guid.NewGuid().ToString());
        await records.UpsertAsync(new RecordRow { UploadId = uploadId, RecordId = "00000003", Doi = "10.1000/x" });
        await records.NoteAttemptFailedAsync(uploadId, "00000003", "enrich", new InvalidOperationException("boom"));

        await new PoisonStage(records, NullLogger<PoisonStage>.Instance)
            .RunAsync("enrich", MessageJson.Serialize(new EnrichMessage(uploadId, "00000003")), 5);

        var row = await records.GetAsync(uploadId, "00000003");
        row!.Status.ShouldBe(RecordStatus.Failed);
        row.Completed.ShouldBeTrue();
        row.ErrorStage.ShouldBe("enrich");
        row.Error!.ShouldContain("every delivery");
        row.Error!.ShouldContain("InvalidOperationException: boom");
    }

    [Fact]
    public async Task A_poisoned_blob_marks_its_upload_failed()
    {
        var tables = new TableServiceClient(azurite.ConnectionString);
        await tables.CreateTableIfNotExistsAsync(StorageNames.UploadsTable);
        var uploads = new UploadStore(tables);
        var etag = "\"0x8DD" + Guid.NewGuid().ToString("N")[..8] + "\"";
        var message = $$"""{"Type":"BlobTrigger","FunctionId":"Host.Functions.Ingest","BlobType":"BlockBlob","ContainerName":"uploads","BlobName":"refs.bib","ETag":{{System.Text.Json.JsonSerializer.Serialize(etag)}}}""";

        await new BlobPoisonStage(uploads, TimeProvider.System, NullLogger<BlobPoisonStage>.Instance).RunAsync(message);

        var upload = await uploads.GetAsync(UploadIds.For("refs.bib", etag));
        upload!.Status.ShouldBe(UploadStatus.Failed);
        upload.Error!.ShouldContain("gave the blob up");
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"uploadId\":\"x' or '1'='1\",\"recordId\":\"1\"}")]
    public async Task An_unreadable_poison_message_is_logged_and_touches_nothing(string message)
    {
        var records = new RecordStore(new TableServiceClient(azurite.ConnectionString), new Azure.Storage.Blobs.BlobServiceClient(azurite.ConnectionString));

        await Should.NotThrowAsync(() => new PoisonStage(records, NullLogger<PoisonStage>.Instance).RunAsync("format", message, 5));
    }
}

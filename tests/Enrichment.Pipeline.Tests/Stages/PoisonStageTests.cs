using Azure.Data.Tables;
using Azure.Storage.Queues;
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
        await records.NoteAttemptFailedAsync(uploadId, "00000003", PipelineStage.Enrich, new InvalidOperationException("boom"));

        await new PoisonStage(records, await ProgressAsync(records), Sender(), NullLogger<PoisonStage>.Instance)
            .RunAsync(PipelineStage.Enrich, MessageJson.Serialize(new RecordRun(uploadId, "00000003")), 5);

        var row = await records.GetAsync(uploadId, "00000003");
        row!.Status.ShouldBe(RecordStatus.Failed);
        row.Completed.ShouldBeTrue();
        row.ErrorStage.ShouldBe(PipelineStage.Enrich);
        row.Error!.ShouldContain("every delivery");
        row.Error!.ShouldContain("InvalidOperationException: boom");
    }

    [Fact]
    public async Task A_poisoned_blob_marks_its_upload_failed()
    {
        var tables = new TableServiceClient(azurite.ConnectionString);
        await tables.CreateTableIfNotExistsAsync(StorageNames.UploadsTable);
        await tables.CreateTableIfNotExistsAsync(StorageNames.RecordsTable);
        var uploads = new UploadStore(tables);
        var records = new RecordStore(tables, new Azure.Storage.Blobs.BlobServiceClient(azurite.ConnectionString));
        var etag = "\"0x8DD" + Guid.NewGuid().ToString("N")[..8] + "\"";
        var message = $$"""{"Type":"BlobTrigger","FunctionId":"Host.Functions.Ingest","BlobType":"BlockBlob","ContainerName":"uploads","BlobName":"refs.bib","ETag":{{System.Text.Json.JsonSerializer.Serialize(etag)}}}""";

        await new BlobPoisonStage(uploads, new UploadProgress(records, uploads, TimeProvider.System), TimeProvider.System, NullLogger<BlobPoisonStage>.Instance).RunAsync(message);

        var upload = await uploads.GetAsync(UploadIds.For("refs.bib", etag));
        upload!.Status.ShouldBe(UploadStatus.Failed);
        upload.Error!.ShouldContain("gave the blob up");
    }

    [Fact]
    public async Task An_upload_given_up_after_writing_rows_fails_them_too_and_leaves_none_parsed()
    {
        var tables = new TableServiceClient(azurite.ConnectionString);
        await tables.CreateTableIfNotExistsAsync(StorageNames.RecordsTable);
        await tables.CreateTableIfNotExistsAsync(StorageNames.UploadsTable);
        var records = new RecordStore(tables, new Azure.Storage.Blobs.BlobServiceClient(azurite.ConnectionString));
        var uploads = new UploadStore(tables);
        var etag = Guid.NewGuid().ToString();
        var uploadId = UploadIds.For("half-read.json", etag);
        await uploads.UpsertAsync(new UploadRow { UploadId = uploadId, BlobName = "half-read.json", ETag = etag });
        await records.UpsertBatchAsync(
        [
            new RecordRow { UploadId = uploadId, RecordId = "00000000", Doi = "10.1000/a" },
            new RecordRow { UploadId = uploadId, RecordId = "00000001", Status = RecordStatus.Invalid, Stage = RecordStage.Done, Error = "line 3: bad" },
        ]);

        await new BlobPoisonStage(uploads, new UploadProgress(records, uploads, TimeProvider.System), TimeProvider.System, NullLogger<BlobPoisonStage>.Instance)
            .GiveUpAsync("half-read.json", etag, "Ingest failed on every attempt.", "IOException: cut off");

        (await uploads.GetAsync(uploadId))!.Status.ShouldBe(UploadStatus.Failed);
        var written = await records.ForUploadAsync(uploadId).ToListAsync();
        written.ShouldAllBe(r => r.Completed);
        (written[0].Status, written[0].ErrorStage).ShouldBe((RecordStatus.Failed, PipelineStage.Parse));
        written[0].Error!.ShouldContain("IOException: cut off");
        written[1].Status.ShouldBe(RecordStatus.Invalid, "a row already finished keeps its own outcome");
    }

    [Fact]
    public async Task A_poisoned_run_is_split_into_one_message_per_unfinished_record_and_fails_none()
    {
        var tables = new TableServiceClient(azurite.ConnectionString);
        await tables.CreateTableIfNotExistsAsync(StorageNames.RecordsTable);
        var records = new RecordStore(tables, new Azure.Storage.Blobs.BlobServiceClient(azurite.ConnectionString));
        var uploadId = UploadIds.For("run.bib", Guid.NewGuid().ToString());
        await records.UpsertBatchAsync(
        [
            new RecordRow { UploadId = uploadId, RecordId = "00000020", Doi = "10.1000/a" },
            new RecordRow { UploadId = uploadId, RecordId = "00000021", Stage = RecordStage.Done, Status = RecordStatus.Enriched },
            new RecordRow { UploadId = uploadId, RecordId = "00000022", Doi = "10.1000/c" },
        ]);

        await new PoisonStage(records, await ProgressAsync(records), Sender(), NullLogger<PoisonStage>.Instance)
            .RunAsync(PipelineStage.Enrich, MessageJson.Serialize(new RecordRun(uploadId, "00000020", Count: 3)), 5);

        var resent = await PipelineServices.DrainAsync(azurite.ConnectionString, StorageNames.EnrichQueue, uploadId);
        resent.Select(m => (m.RecordId, m.Count)).Order().ShouldBe([("00000020", 1), ("00000022", 1)]);
        (await records.GetAsync(uploadId, "00000020"))!.Status.ShouldBe(RecordStatus.Parsed);
    }

    private async Task<UploadProgress> ProgressAsync(RecordStore records)
    {
        var tables = new TableServiceClient(azurite.ConnectionString);
        await tables.CreateTableIfNotExistsAsync(StorageNames.UploadsTable);
        return new UploadProgress(records, new UploadStore(tables), TimeProvider.System);
    }

    private QueueSender Sender()
    {
        var queues = new QueueServiceClient(azurite.ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        queues.GetQueueClient(StorageNames.EnrichQueue).CreateIfNotExists();
        queues.GetQueueClient(StorageNames.FormatQueue).CreateIfNotExists();
        return new QueueSender(queues);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"uploadId\":\"x' or '1'='1\",\"recordId\":\"1\"}")]
    public async Task An_unreadable_poison_message_is_logged_and_touches_nothing(string message)
    {
        var records = new RecordStore(new TableServiceClient(azurite.ConnectionString), new Azure.Storage.Blobs.BlobServiceClient(azurite.ConnectionString));

        var stage = new PoisonStage(records, await ProgressAsync(records), Sender(), NullLogger<PoisonStage>.Instance);

        await Should.NotThrowAsync(() => stage.RunAsync(PipelineStage.Format, message, 5));
    }
}

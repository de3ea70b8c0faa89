using Azure.Data.Tables;
using Azure.Storage.Queues;
using Enrichment.Pipeline.Messages;
using Enrichment.Pipeline.Storage;
using Enrichment.Testing;

namespace Enrichment.Cli.Tests.Serve;

/// <summary>A serve host with a short Crossref timeout and quick retries, so outages play out in seconds.</summary>
public sealed class ImpatientServeFixture : ServeFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
    [
        new("Crossref:Timeout", "00:00:01"),
        new("Crossref:RetryBaseDelay", "00:00:00.100"),
        new("Crossref:RetryMaxDelay", "00:00:00.500"),
        new("Crossref:MaxRetries", "2"),
        new("Crossref:BreakAfterConsecutiveFailures", "5"),
        new("Crossref:BreakDuration", "00:00:01"),
        new("Crossref:RecordRetryDelay", "00:00:00.5"),
        new("Crossref:RecordMaxAttempts", "10"),
        new("Crossref:RecordRetryMaxDelay", "00:00:02"),
    ];
}

public sealed class FailureTests(ImpatientServeFixture serve) : IClassFixture<ImpatientServeFixture>
{
    [Fact]
    public async Task Crossref_answering_429_503_timeouts_and_cut_offs_for_a_while_still_ends_every_record_enriched()
    {
        const int first = 200;
        const int count = 20;
        FakeFault[] outage =
        [
            FakeFault.TooManyRequests, FakeFault.ServiceUnavailable, FakeFault.Hang, FakeFault.InternalServerError,
            FakeFault.CutOff, FakeFault.TooManyRequests,
        ];
        for (var i = first; i < first + count; i++)
        {
            serve.Crossref.Script(GeneratedWorks.Doi(i), outage);
        }

        var blob = serve.Uploads.GetBlobClient("outage.bib");
        var uploaded = await blob.UploadAsync(BinaryData.FromString(GeneratedWorks.BibTex(Enumerable.Range(first, count))), overwrite: true);
        var uploadId = UploadIds.For(blob.Name, uploaded.Value.ETag.ToString());

        var rows = await ServeFixture.EventuallyAsync(async () =>
        {
            var done = new List<TableEntity>();
            await foreach (var row in serve.Records.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {uploadId} and Completed eq true")))
            {
                done.Add(row);
            }

            return done.Count == count ? done : null;
        }, "every record of the outage upload to finish", TimeSpan.FromSeconds(180));

        rows.Where(r => r.GetString("Status") != "enriched").Select(r => $"{r.RowKey}: {r.GetString("Status")} {r.GetString("Error")}").ShouldBeEmpty();
        Enumerable.Range(first, count).ShouldAllBe(i => serve.Crossref.CallsFor(GeneratedWorks.Doi(i)) > outage.Length);
    }

    [Fact]
    public async Task A_message_that_always_fails_ends_in_the_poison_queue_and_its_record_shows_failed_with_the_reason()
    {
        var uploadId = UploadIds.For("poisoned.bib", Guid.NewGuid().ToString());
        var tables = new TableServiceClient(serve.Azurite.ConnectionString);
        var records = new RecordStore(tables, new Azure.Storage.Blobs.BlobServiceClient(serve.Azurite.ConnectionString));
        await records.UpsertAsync(new RecordRow { UploadId = uploadId, RecordId = "00000000", SourceJson = "{ this is not json" });
        var queues = new QueueServiceClient(serve.Azurite.ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

        await new QueueSender(queues).SendAsync(RecordStage.Enrich, new RecordRun(uploadId, "00000000"));

        var failed = await ServeFixture.EventuallyAsync(
            async () => await records.GetAsync(uploadId, "00000000") is { Status: RecordStatus.Failed } row ? row : null,
            "the poisoned record to be marked failed");
        failed.Completed.ShouldBeTrue();
        failed.ErrorStage.ShouldBe(PipelineStage.Enrich);
        failed.Error!.ShouldContain("enrich-poison");
        failed.Error!.ShouldContain("Last error: JsonReaderException");
    }

    [Fact]
    public async Task One_broken_record_in_a_run_fails_alone_with_the_reason_and_the_rest_of_the_run_finishes()
    {
        var uploadId = UploadIds.For("run.bib", Guid.NewGuid().ToString());
        var records = new RecordStore(new TableServiceClient(serve.Azurite.ConnectionString), new Azure.Storage.Blobs.BlobServiceClient(serve.Azurite.ConnectionString));
        var rows = Enumerable.Range(0, 5).Select(i => new RecordRow
        {
            UploadId = uploadId,
            RecordId = RecordIds.For(i),
            SourceJson = i == 2 ? "{ this is not json" : $$"""{"id":"g{{i}}","type":"article-journal","DOI":"{{GeneratedWorks.Doi(260 + i)}}"}""",
        }).ToList();
        await records.UpsertBatchAsync(rows);
        var queues = new QueueServiceClient(serve.Azurite.ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

        await new QueueSender(queues).SendAsync(RecordStage.Enrich, new RecordRun(uploadId, "00000000", Count: 5));

        var finished = await ServeFixture.EventuallyAsync(async () =>
        {
            var all = await Task.WhenAll(rows.Select(r => records.GetAsync(uploadId, r.RecordId)));
            return all.All(r => r!.Completed) ? all : null;
        }, "every record of the run to finish");
        finished.Select(r => $"{r!.RecordId}: {r.Status.Name()}").ShouldBe(
            ["00000000: enriched", "00000001: enriched", "00000002: failed", "00000003: enriched", "00000004: enriched"]);
        finished[2]!.Error!.ShouldContain("Last error: JsonReaderException");
        finished[0]!.Citations.ShouldNotBeEmpty();
    }
}

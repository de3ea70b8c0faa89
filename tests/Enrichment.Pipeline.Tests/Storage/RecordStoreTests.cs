using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Enrichment.Pipeline.Messages;
using Enrichment.Pipeline.Storage;
using Enrichment.Testing;

namespace Enrichment.Pipeline.Tests.Storage;

[Collection(AzuriteCollection.Name)]
public sealed class RecordStoreTests(AzuriteFixture azurite)
{
    private TableClient Table() => new TableServiceClient(azurite.ConnectionString).GetTableClient(StorageNames.RecordsTable);

    private async Task<RecordStore> StoreAsync()
    {
        var tables = new TableServiceClient(azurite.ConnectionString);
        await tables.CreateTableIfNotExistsAsync(StorageNames.RecordsTable);
        var blobs = new BlobServiceClient(azurite.ConnectionString);
        await blobs.GetBlobContainerClient(StorageNames.RecordsContainer).CreateIfNotExistsAsync();
        return new RecordStore(tables, blobs);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(29_999)]
    [InlineData(30_001)]
    [InlineData(200_000)]
    public async Task A_value_of_any_length_up_to_the_entity_limit_comes_back_whole(int length)
    {
        var store = await StoreAsync();
        var abstractText = string.Concat(Enumerable.Range(0, length).Select(i => (char)('a' + (i % 26))));
        var row = new RecordRow
        {
            UploadId = "u" + Guid.NewGuid().ToString("N")[..20],
            RecordId = RecordIds.For(1),
            SourceJson = abstractText,
            Title = abstractText,
            Citations = RecordRow.EmptyCitations.Add("apa", "A citation").Add("chicago-author-date", abstractText),
        };

        await store.UpsertAsync(row);
        var read = await store.GetAsync(row.UploadId, row.RecordId);

        read.ShouldNotBeNull();
        read.SourceJson.ShouldBe(abstractText);
        read.Citations["chicago-author-date"].ShouldBe(abstractText);
        read.Citations["apa"].ShouldBe("A citation");
        read.Title!.Length.ShouldBeLessThanOrEqualTo(1000, "the flat column is a prefix; the JSON holds the whole value");
    }

    [Fact]
    public async Task A_record_past_the_entity_limit_keeps_its_documents_whole_in_blobs()
    {
        var store = await StoreAsync();
        // Two documents of 400,000 chars each are 1.6 MB as UTF-16: over the 1 MiB entity limit together.
        var source = "{\"author\":\"" + new string('s', 400_000) + "\"}";
        var enriched = "{\"author\":\"" + new string('e', 400_000) + "\"}";
        var row = new RecordRow
        {
            UploadId = "u" + Guid.NewGuid().ToString("N")[..20],
            RecordId = "00000009",
            SourceJson = source,
            EnrichedJson = enriched,
            Citations = RecordRow.EmptyCitations.Add("apa", "Short citation."),
        };

        await store.UpsertAsync(row);
        var entity = (await Table().GetEntityAsync<TableEntity>(row.UploadId, row.RecordId)).Value;
        var read = await store.GetAsync(row.UploadId, row.RecordId);

        RecordColumns.EstimateBytes(entity).ShouldBeLessThanOrEqualTo(RecordDocuments.EntityBudgetBytes);
        entity.Keys.ShouldContain(k => k.EndsWith(RecordColumns.BlobSuffix, StringComparison.Ordinal));
        read!.SourceJson.ShouldBe(source);
        read.EnrichedJson.ShouldBe(enriched);
        read.Citations["apa"].ShouldBe("Short citation.");
    }

    [Fact]
    public async Task A_record_of_escaped_markup_is_measured_as_the_request_carries_it_and_still_stored()
    {
        // 80,000 tags kept as text: 640 KB as UTF-16, 1.5 MB as the JSON the SDK sends.
        var markup = string.Concat(Enumerable.Repeat("<\u2060i>", 80_000)) + "Deep";
        var source = "{\"title\":\"" + markup + "\"}";
        var row = new RecordRow { UploadId = "u" + Guid.NewGuid().ToString("N")[..20], RecordId = "00000002", SourceJson = source, Title = markup };

        await (await StoreAsync()).UpsertBatchAsync([row]);
        var read = await (await StoreAsync()).GetAsync(row.UploadId, row.RecordId);

        read!.SourceJson.ShouldBe(source);
    }

    [Fact]
    public async Task Rewriting_a_long_value_shorter_leaves_no_stale_chunks()
    {
        var store = await StoreAsync();
        var row = new RecordRow { UploadId = "u" + Guid.NewGuid().ToString("N")[..20], RecordId = "00000001", SourceJson = new string('x', 95_000) };
        await store.UpsertAsync(row);

        await store.UpsertAsync(row with { SourceJson = "short" });
        var entity = (await Table().GetEntityAsync<TableEntity>(row.UploadId, row.RecordId)).Value;

        entity.GetString("SourceJson").ShouldBe("short");
        entity.Keys.ShouldNotContain("SourceJson_1");
        entity.Keys.ShouldNotContain("SourceJson_Parts");
    }

    [Fact]
    public async Task Batches_of_more_than_100_rows_are_all_written()
    {
        var store = await StoreAsync();
        var uploadId = "u" + Guid.NewGuid().ToString("N")[..20];
        var rows = Enumerable.Range(0, 250).Select(i => new RecordRow { UploadId = uploadId, RecordId = RecordIds.For(i), Title = $"t{i}" }).ToList();

        await store.UpsertBatchAsync(rows);
        await store.UpsertBatchAsync(rows); // idempotent: the same rows again

        var count = await store.ForUploadAsync(uploadId).CountAsync();
        count.ShouldBe(250);
    }

    [Fact]
    public async Task Queue_messages_are_sent_Base64_encoded_as_the_triggers_expect()
    {
        var queues = new QueueServiceClient(azurite.ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var raw = new QueueServiceClient(azurite.ConnectionString).GetQueueClient(StorageNames.EnrichQueue);
        await raw.CreateIfNotExistsAsync();
        await raw.ClearMessagesAsync();

        await new QueueSender(queues).SendAsync(RecordStage.Enrich, new RecordRun("u0123456789abcdef0123", "00000007"));

        var message = (await raw.ReceiveMessageAsync()).Value;
        var decoded = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(message.MessageText));
        MessageJson.Deserialize(decoded).ShouldBe(new RecordRun("u0123456789abcdef0123", "00000007"));
    }
}

using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Enrichment.Pipeline.Storage;
using Enrichment.Testing;

namespace Enrichment.Pipeline.Tests.Storage;

[Collection(AzuriteCollection.Name)]
public sealed class UploadProgressTests(AzuriteFixture azurite)
{
    private static readonly RecordStatus[] Statuses = [RecordStatus.Enriched, RecordStatus.NoMatch, RecordStatus.NotFound, RecordStatus.Failed, RecordStatus.Invalid];

    [Fact]
    public async Task Tallies_written_by_interleaved_finishers_add_up_to_the_records_themselves()
    {
        var (records, uploads, progress) = await StoresAsync();
        var uploadId = UploadIds.For("progress.bib", Guid.NewGuid().ToString());
        const int total = 250; // two full blocks and a part
        await records.UpsertBatchAsync([.. Enumerable.Range(0, total).Select(i => Row(uploadId, i, done: false))]);

        // Finish the records in runs of 7 from 12 writers at once, each recounting right after its own write,
        // as Format runs do; runs of one block race each other for its tally.
        var runs = Enumerable.Range(0, total).Chunk(7).ToList();
        await Parallel.ForEachAsync(runs, new ParallelOptions { MaxDegreeOfParallelism = 12 }, async (run, ct) =>
        {
            await records.UpsertBatchAsync([.. run.Select(i => Row(uploadId, i, done: true))], ct);
            await progress.NoteFinishedAsync(uploadId, run.Select(RecordIds.For), ct);
        });

        var tallied = await progress.CountAsync(uploadId);
        var counted = await records.CountAsync(uploadId);
        tallied.Completed.ShouldBe(total);
        tallied.Rows.ShouldBe(total);
        foreach (var status in Statuses)
        {
            tallied.ByStatus.GetValueOrDefault(status.Name()).ShouldBe(counted.ByStatus[status.Name()], status.Name());
        }
    }

    [Fact]
    public async Task A_tally_is_only_ever_replaced_by_one_with_more_finished_records()
    {
        var (_, uploads, _) = await StoresAsync();
        var uploadId = UploadIds.For("stale.bib", Guid.NewGuid().ToString());
        var later = new RecordCounts(100, 60, new Dictionary<string, int> { [RecordStatus.Enriched.Name()] = 60 });
        var stale = new RecordCounts(100, 40, new Dictionary<string, int> { [RecordStatus.Enriched.Name()] = 40 });

        await uploads.WriteTallyAsync(uploadId, "00000000", later);
        await uploads.WriteTallyAsync(uploadId, "00000000", stale);

        (await uploads.SumTalliesAsync(uploadId)).Completed.ShouldBe(60);
    }

    [Fact]
    public async Task An_upload_row_is_not_a_tally()
    {
        var (_, uploads, progress) = await StoresAsync();
        var uploadId = UploadIds.For("alone.bib", Guid.NewGuid().ToString());
        await uploads.UpsertAsync(new UploadRow { UploadId = uploadId, BlobName = "alone.bib", Total = 3, Completed = 3 });

        (await progress.CountAsync(uploadId)).Completed.ShouldBe(0);
    }

    private static RecordRow Row(string uploadId, int index, bool done) => new()
    {
        UploadId = uploadId,
        RecordId = RecordIds.For(index),
        Status = done ? Statuses[index % Statuses.Length] : RecordStatus.Parsed,
        Stage = done ? RecordStage.Done : RecordStage.Enrich,
    };

    private async Task<(RecordStore, UploadStore, UploadProgress)> StoresAsync()
    {
        var tables = new TableServiceClient(azurite.ConnectionString);
        await tables.CreateTableIfNotExistsAsync(StorageNames.RecordsTable);
        await tables.CreateTableIfNotExistsAsync(StorageNames.UploadsTable);
        var records = new RecordStore(tables, new BlobServiceClient(azurite.ConnectionString));
        var uploads = new UploadStore(tables);
        return (records, uploads, new UploadProgress(records, uploads, TimeProvider.System));
    }
}

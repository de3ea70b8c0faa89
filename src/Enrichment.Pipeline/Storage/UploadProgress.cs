namespace Enrichment.Pipeline.Storage;

/// <summary>
/// How far an upload has got, and the one place it completes or fails as a whole.
/// <para>
/// Counting without scanning every record on each look (a 100,000-record upload is 100 table pages): whoever
/// finishes records (Format, the poison handler, Ingest for invalid entries, recovery) calls
/// <see cref="NoteFinishedAsync"/>, which recounts the block of <see cref="BlockSize"/> rows they sit in and
/// stores the count beside the upload row; progress is the sum of those tallies. A recount made after a write
/// sees that write, and a stored tally is only ever replaced by a larger one, so the tallies end exact however
/// writers interleave.
/// </para>
/// <para>
/// Completing: when a block is found finished, the tallies are summed, and the upload completes once every one
/// of its records has. Ingest checks too when it has read the whole file (the records may all be finished
/// before it knows the total). No read of the API ever writes.
/// </para>
/// </summary>
public sealed class UploadProgress(RecordStore records, UploadStore uploads, TimeProvider clock)
{
    public const int BlockSize = 100;

    /// <summary>Recounts the blocks that hold <paramref name="recordIds"/>, stores their tallies, and completes the upload when they were its last.</summary>
    public async Task NoteFinishedAsync(string uploadId, IEnumerable<string> recordIds, CancellationToken cancellationToken = default)
    {
        if (await RecountAsync(uploadId, recordIds, cancellationToken).ConfigureAwait(false))
        {
            await CompleteIfDoneAsync(uploadId, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The upload's finished records by status (and how many), from its tallies.</summary>
    public Task<RecordCounts> CountAsync(string uploadId, CancellationToken cancellationToken = default) =>
        uploads.SumTalliesAsync(uploadId, cancellationToken);

    /// <summary>
    /// Marks the upload completed when all its records are finished, counted from the tallies or, when the
    /// caller counted the records themselves (recovery), from <paramref name="counted"/>. Returns the upload as it now stands.
    /// </summary>
    public async Task<UploadRow?> CompleteIfDoneAsync(string uploadId, RecordCounts? counted = null, CancellationToken cancellationToken = default)
    {
        var upload = await uploads.GetAsync(uploadId, cancellationToken).ConfigureAwait(false);
        if (upload is not { IsFinal: false, Total: { } total })
        {
            return upload;
        }

        var counts = counted ?? await CountAsync(uploadId, cancellationToken).ConfigureAwait(false);
        if (counts.Completed < total)
        {
            return upload;
        }

        var completed = upload.Complete(counts, clock.GetUtcNow());
        await uploads.UpsertAsync(completed, cancellationToken).ConfigureAwait(false);
        return completed;
    }

    /// <summary>
    /// The upload fails as a whole, with the reason; rows it had already written and not finished fail with it,
    /// so none is left waiting for ever.
    /// </summary>
    public async Task<UploadRow> FailAsync(UploadRow upload, string reason, CancellationToken cancellationToken = default)
    {
        var failed = upload.Fail(reason, clock.GetUtcNow());
        await uploads.UpsertAsync(failed, cancellationToken).ConfigureAwait(false);

        var unfinished = new List<RecordRow>();
        await foreach (var row in records.UnfinishedAsync(upload.UploadId, cancellationToken).ConfigureAwait(false))
        {
            unfinished.Add(row.Failed(PipelineStage.Parse, $"The upload failed: {reason}"));
        }

        if (unfinished.Count > 0)
        {
            await records.UpsertBatchAsync(unfinished, cancellationToken).ConfigureAwait(false);
            await RecountAsync(upload.UploadId, unfinished.Select(r => r.RecordId), cancellationToken).ConfigureAwait(false);
        }

        return failed;
    }

    /// <summary>Recounts and stores the tallies of the blocks that hold <paramref name="recordIds"/>; true when one of them is all finished.</summary>
    private async Task<bool> RecountAsync(string uploadId, IEnumerable<string> recordIds, CancellationToken cancellationToken)
    {
        var anyBlockDone = false;
        foreach (var block in recordIds.Select(BlockOf).Distinct())
        {
            var tally = await records.CountAsync(uploadId, RecordIds.For(block), RecordIds.For(block + BlockSize - 1), cancellationToken).ConfigureAwait(false);
            await uploads.WriteTallyAsync(uploadId, RecordIds.For(block), tally, cancellationToken).ConfigureAwait(false);
            anyBlockDone |= tally.Completed == tally.Rows;
        }

        return anyBlockDone;
    }

    private static int BlockOf(string recordId) => RecordIds.IndexOf(recordId) / BlockSize * BlockSize;
}

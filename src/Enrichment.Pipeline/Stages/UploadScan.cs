using System.Collections.Concurrent;
using Azure;
using Azure.Storage.Blobs;
using Enrichment.Pipeline.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Enrichment.Pipeline.Stages;

/// <summary>
/// The local host's stand-in for Event Grid: lists the uploads container and reads every blob version not read
/// yet. The WebJobs blob trigger's container scan keeps a Last-Modified high-water mark and (5.3.8 on) can pass
/// over a blob written while it lists, leaving it to storage analytics logs, which Azurite never writes
/// (azure-sdk-for-net#62763); this compares upload ids (name + ETag) with the Uploads table, so none is missed.
/// </summary>
public sealed partial class UploadScan(
    BlobServiceClient blobs,
    UploadStore uploads,
    IngestStage ingest,
    BlobPoisonStage giveUp,
    IOptions<PipelineOptions> options,
    ILogger<UploadScan> logger)
{
    private readonly ConcurrentDictionary<string, bool> _done = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _reading = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _failures = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _readers = new(options.Value.IngestParallelism);

    /// <summary>Starts reading every blob version that has no finished upload; returns how many it started.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        var started = 0;
        var container = blobs.GetBlobContainerClient(StorageNames.UploadsContainer);
        await foreach (var item in container.GetBlobsAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var etag = item.Properties.ETag?.ToString();
            var uploadId = UploadIds.For(item.Name, etag);
            if (_done.ContainsKey(uploadId) || _reading.ContainsKey(uploadId))
            {
                continue;
            }

            // After a restart, the table says what an earlier run already read.
            var upload = await uploads.GetAsync(uploadId, cancellationToken).ConfigureAwait(false);
            if (upload is { ParsedAt: not null } or { IsFinal: true })
            {
                _done[uploadId] = true;
                continue;
            }

            _reading[uploadId] = ReadAsync(uploadId, container.GetBlobClient(item.Name), etag, cancellationToken);
            started++;
        }

        return started;
    }

    /// <summary>Completes when every read started so far has ended.</summary>
    public Task IdleAsync() => Task.WhenAll(_reading.Values);

    private async Task ReadAsync(string uploadId, BlobClient blob, string? etag, CancellationToken cancellationToken)
    {
        await Task.Yield(); // Let the scan go on listing while this waits for a reader.
        await _readers.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await ingest.RunAsync(blob, cancellationToken).ConfigureAwait(false);
            _done[uploadId] = true;
            _failures.TryRemove(uploadId, out _);
        }
        catch (RequestFailedException ex) when (ex.Status == 404 && ex.ErrorCode == "BlobNotFound")
        {
            // Deleted or replaced since it was listed (a new version has its own id): this one ends failed, saying so.
            await GiveUpAsync(uploadId, blob.Name, etag, Gone, null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var failures = _failures.AddOrUpdate(uploadId, 1, (_, n) => n + 1);
            LogReadFailed(logger, blob.Name, uploadId, failures, ex.Message);
            if (failures >= options.Value.IngestMaxAttempts)
            {
                await GiveUpAsync(uploadId, blob.Name, etag, "Ingest failed on every attempt and gave the blob up (upload scan).", ex, cancellationToken)
                    .ConfigureAwait(false);
            }
        }
        finally
        {
            _readers.Release();
            _reading.TryRemove(uploadId, out _);
        }
    }

    /// <summary>What a failed upload says when its file went away before it was read.</summary>
    public const string Gone = "The file was deleted or replaced before it was read.";

    private async Task GiveUpAsync(string uploadId, string blobName, string? etag, string reason, Exception? last, CancellationToken cancellationToken)
    {
        try
        {
            await giveUp.GiveUpAsync(blobName, etag, reason, last is null ? null : $"{last.GetType().Name}: {last.Message}", cancellationToken).ConfigureAwait(false);
            _done[uploadId] = true;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Storage is failing too: the next scan tries again and gives up again.
            LogReadFailed(logger, blobName, uploadId, _failures.GetValueOrDefault(uploadId), ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading {BlobName} ({UploadId}) failed, attempt {Attempt}: {Reason}")]
    private static partial void LogReadFailed(ILogger logger, string blobName, string uploadId, int attempt, string reason);
}

using System.Text.Json;
using Enrichment.Pipeline.Storage;
using Microsoft.Extensions.Logging;

namespace Enrichment.Pipeline.Stages;

/// <summary>
/// The blob trigger gave up on an upload (every attempt threw) and put it in <c>webjobs-blobtrigger-poison</c>,
/// or the local upload scan gave up, or the file is gone: the upload is marked failed with the reason, visible
/// through <c>GET /api/uploads/{id}</c>, and any rows it had written fail with it.
/// </summary>
public sealed partial class BlobPoisonStage(UploadStore uploads, UploadProgress progress, TimeProvider clock, ILogger<BlobPoisonStage> logger)
{
    public async Task RunAsync(string messageText, CancellationToken cancellationToken = default)
    {
        PoisonedBlob? blob;
        try
        {
            blob = JsonSerializer.Deserialize<PoisonedBlob>(messageText, JsonSerializerOptions.Web);
        }
        catch (JsonException ex)
        {
            LogUnreadable(logger, ex.Message);
            return;
        }

        if (blob?.BlobName is null || !string.Equals(blob.ContainerName, StorageNames.UploadsContainer, StringComparison.Ordinal))
        {
            LogUnreadable(logger, "not a blob of the uploads container");
            return;
        }

        await GiveUpAsync(blob.BlobName, blob.ETag, "Ingest failed on every attempt and gave the blob up (webjobs-blobtrigger-poison).", cancellationToken: cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>Marks the upload of this blob version failed with <paramref name="reason"/> (and the last error, if known).</summary>
    public async Task GiveUpAsync(string blobName, string? etag, string reason, string? lastError = null, CancellationToken cancellationToken = default)
    {
        var uploadId = UploadIds.For(blobName, etag);
        var upload = await uploads.GetAsync(uploadId, cancellationToken).ConfigureAwait(false)
            ?? new UploadRow { UploadId = uploadId, BlobName = blobName, ETag = etag, StartedAt = clock.GetUtcNow() };
        var why = reason + ((lastError ?? upload.Error) is { } error ? " Last error: " + error : "");
        await progress.FailAsync(upload, why, cancellationToken).ConfigureAwait(false);
        LogFailed(logger, blobName, uploadId, why);
    }

    /// <summary>The message the blob trigger writes to its poison queue.</summary>
    private sealed record PoisonedBlob(string? Type, string? FunctionId, string? BlobType, string? ContainerName, string? BlobName, string? ETag);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unreadable blob poison message: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Upload {BlobName} ({UploadId}) failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string blobName, string uploadId, string reason);
}

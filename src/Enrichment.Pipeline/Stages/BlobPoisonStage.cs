using System.Text.Json;
using Enrichment.Pipeline.Storage;
using Microsoft.Extensions.Logging;

namespace Enrichment.Pipeline.Stages;

/// <summary>
/// The blob trigger gave up on an upload (every attempt threw) and put it in <c>webjobs-blobtrigger-poison</c>:
/// the upload is marked failed with the reason, visible through <c>GET /api/uploads/{id}</c>.
/// </summary>
public sealed partial class BlobPoisonStage(UploadStore uploads, TimeProvider clock, ILogger<BlobPoisonStage> logger)
{
    public async Task RunAsync(string messageText, CancellationToken cancellationToken = default)
    {
        PoisonedBlob? blob;
        try
        {
            blob = JsonSerializer.Deserialize<PoisonedBlob>(messageText, JsonDefaults.Web);
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

        await GiveUpAsync(blob.BlobName, blob.ETag, "webjobs-blobtrigger-poison", cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Marks the upload of this blob version failed: every attempt to read it threw (<paramref name="gaveUp"/> says who gave up).</summary>
    public async Task GiveUpAsync(string blobName, string? etag, string gaveUp, string? lastError = null, CancellationToken cancellationToken = default)
    {
        var uploadId = UploadIds.For(blobName, etag);
        var upload = await uploads.GetAsync(uploadId, cancellationToken).ConfigureAwait(false)
            ?? new UploadRow { UploadId = uploadId, BlobName = blobName, ETag = etag, StartedAt = clock.GetUtcNow() };
        var reason = $"Ingest failed on every attempt and gave the blob up ({gaveUp})."
            + ((lastError ?? upload.Error) is { } error ? " Last error: " + error : "");
        await uploads.UpsertAsync(upload with { Status = UploadStatus.Failed, Error = reason, FinishedAt = clock.GetUtcNow() }, cancellationToken)
            .ConfigureAwait(false);
        LogFailed(logger, blobName, uploadId);
    }

    /// <summary>The message the blob trigger writes to its poison queue.</summary>
    private sealed record PoisonedBlob(string? Type, string? FunctionId, string? BlobType, string? ContainerName, string? BlobName, string? ETag);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unreadable blob poison message: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Upload {BlobName} ({UploadId}) failed: ingest gave it up")]
    private static partial void LogFailed(ILogger logger, string blobName, string uploadId);
}

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

        var uploadId = UploadIds.For(blob.BlobName, blob.ETag);
        var upload = await uploads.GetAsync(uploadId, cancellationToken).ConfigureAwait(false)
            ?? new UploadRow { UploadId = uploadId, BlobName = blob.BlobName, ETag = blob.ETag, StartedAt = clock.GetUtcNow() };
        var reason = "Ingest failed on every attempt and gave the blob up (webjobs-blobtrigger-poison)."
            + (upload.Error is null ? "" : " Last error: " + upload.Error);
        await uploads.UpsertAsync(upload with { Status = UploadStatus.Failed, Error = reason, FinishedAt = clock.GetUtcNow() }, cancellationToken)
            .ConfigureAwait(false);
        LogFailed(logger, blob.BlobName, uploadId);
    }

    /// <summary>The message the blob trigger writes to its poison queue.</summary>
    private sealed record PoisonedBlob(string? Type, string? FunctionId, string? BlobType, string? ContainerName, string? BlobName, string? ETag);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unreadable blob poison message: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Upload {BlobName} ({UploadId}) failed: the blob trigger gave it up")]
    private static partial void LogFailed(ILogger logger, string blobName, string uploadId);
}

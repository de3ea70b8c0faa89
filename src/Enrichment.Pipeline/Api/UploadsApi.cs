using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Enrichment.Pipeline.Storage;
using Microsoft.Extensions.Options;

namespace Enrichment.Pipeline.Api;

/// <summary><c>/api/uploads</c>: store a file for the pipeline, follow its progress, list its records. Reads never write.</summary>
public sealed class UploadsApi(BlobServiceClient blobs, UploadStore uploads, RecordStore records, UploadProgress progress, TimeProvider clock, IOptions<PipelineOptions> options)
{
    /// <summary>Stores the file under a blob name of its own (so no upload replaces another) and answers where to follow it.</summary>
    public async Task<ApiResult> CreateAsync(string? name, Stream body, CancellationToken cancellationToken = default)
    {
        var fileName = UploadNames.Sanitize(name) ?? "upload.txt";
        var blob = blobs.GetBlobContainerClient(StorageNames.UploadsContainer).GetBlobClient(UploadNames.NewBlobName(fileName, clock.GetUtcNow()));
        var info = await blob.UploadAsync(body, new BlobUploadOptions
        {
            Metadata = UploadNames.Metadata(fileName),
            Conditions = new BlobRequestConditions { IfNoneMatch = Azure.ETag.All },
        }, cancellationToken).ConfigureAwait(false);
        var uploadId = UploadIds.For(blob.Name, info.Value.ETag.ToString());
        await uploads.UpsertAsync(new UploadRow
        {
            UploadId = uploadId,
            BlobName = blob.Name,
            FileName = fileName,
            ETag = info.Value.ETag.ToString(),
            StartedAt = clock.GetUtcNow(),
        }, cancellationToken).ConfigureAwait(false);

        // Absolute only from the operator's configured address: a request's Host header is the caller's to choose.
        var statusUrl = $"{options.Value.PublicBaseUrl?.TrimEnd('/')}/api/uploads/{uploadId}";
        return ApiResult.Ok(new { uploadId, fileName, blobName = blob.Name, statusUrl }, 202).WithHeader("Location", statusUrl);
    }

    public async Task<ApiResult> GetAsync(string? uploadId, CancellationToken cancellationToken = default)
    {
        if (await FindAsync(uploadId, cancellationToken).ConfigureAwait(false) is not { } upload)
        {
            return NotFoundOrInvalid(uploadId);
        }

        return ApiResult.Ok(await SummarizeAsync(upload, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The upload's progress: the final counts of a finished upload, else its tallies (never a scan of its records).</summary>
    public async Task<UploadSummary> SummarizeAsync(UploadRow upload, CancellationToken cancellationToken = default)
    {
        var counts = upload is { IsFinal: true, Completed: { } done, Counts: { } final }
            ? new RecordCounts(upload.Total ?? done, done, final)
            : await progress.CountAsync(upload.UploadId, cancellationToken).ConfigureAwait(false);

        var byStatus = StateNames.AllStatuses.ToDictionary(s => s, s => counts.ByStatus.GetValueOrDefault(s), StringComparer.Ordinal);
        byStatus[RecordStatus.Parsed.Name()] = Math.Max(0, (upload.Total ?? 0) - counts.Completed);
        return new UploadSummary(
            upload.UploadId, upload.DisplayName, upload.BlobName, upload.Format, upload.Status, upload.Total, counts.Completed, byStatus,
            upload.StartedAt, upload.ParsedAt, upload.FinishedAt, upload.Error);
    }

    public async Task<ApiResult> ListRecordsAsync(string? uploadId, RecordListQuery query, CancellationToken cancellationToken = default)
    {
        if (!UploadIds.IsValid(uploadId))
        {
            return NotFoundOrInvalid(uploadId);
        }

        var (rows, next) = await records.PageAsync(query.ToFilter(uploadId), query.PageSize, query.ContinuationToken, cancellationToken).ConfigureAwait(false);
        return ApiResult.Ok(new { uploadId, items = rows.Select(RecordView.From), continuationToken = next });
    }

    /// <summary>The upload row, or null when the id is malformed or unknown.</summary>
    public async Task<UploadRow?> FindAsync(string? uploadId, CancellationToken cancellationToken = default) =>
        UploadIds.IsValid(uploadId) ? await uploads.GetAsync(uploadId, cancellationToken).ConfigureAwait(false) : null;

    public static ApiResult NotFoundOrInvalid(string? uploadId) => UploadIds.IsValid(uploadId)
        ? ApiResult.Problem(404, "No such upload", $"No upload {uploadId}.")
        : ApiResult.Problem(400, "Invalid upload id", $"'{ApiRequest.Shorten(uploadId ?? "")}' is not an upload id.");
}

/// <summary><c>GET /api/records?doi=&amp;retracted=</c>: every record of one DOI, across uploads.</summary>
public sealed class RecordsApi(RecordStore records)
{
    /// <summary>Every record of the DOI the query names (<c>?doi=</c>, required), a page at a time.</summary>
    public async Task<ApiResult> FindAsync(RecordListQuery query, CancellationToken cancellationToken = default)
    {
        if (!Core.Identifiers.Doi.TryParse(query.Doi, out var doi))
        {
            return ApiResult.Problem(400, "Invalid DOI", $"'{ApiRequest.Shorten(query.Doi ?? "")}' is not a DOI; give ?doi=10.x/y.");
        }

        var (rows, next) = await records.PageAsync(RecordFilter.ForDoi(doi.Value, query.Retracted), query.PageSize, query.ContinuationToken, cancellationToken).ConfigureAwait(false);
        return ApiResult.Ok(new { doi = doi.Value, items = rows.Select(RecordView.From), continuationToken = next });
    }
}

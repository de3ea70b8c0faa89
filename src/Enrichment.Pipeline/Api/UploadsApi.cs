using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Enrichment.Pipeline.Stages;
using Enrichment.Pipeline.Storage;

namespace Enrichment.Pipeline.Api;

/// <summary><c>/api/uploads</c>: store a file for the pipeline, follow its progress, list its records.</summary>
public sealed class UploadsApi(BlobServiceClient blobs, UploadStore uploads, RecordStore records, UploadProgress progress, TimeProvider clock)
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;

    public async Task<ApiResult> CreateAsync(string? name, Stream body, string baseUrl, CancellationToken cancellationToken = default)
    {
        var blobName = BlobNames.Sanitize(name) ?? $"upload-{clock.GetUtcNow():yyyyMMdd-HHmmss}-{Guid.NewGuid():N}"[..40] + ".txt";
        var blob = blobs.GetBlobContainerClient(StorageNames.UploadsContainer).GetBlobClient(blobName);
        var info = await blob.UploadAsync(body, overwrite: true, cancellationToken).ConfigureAwait(false);
        var uploadId = UploadIds.For(blobName, info.Value.ETag.ToString());
        await uploads.UpsertAsync(new UploadRow
        {
            UploadId = uploadId,
            BlobName = blobName,
            ETag = info.Value.ETag.ToString(),
            Status = UploadStatus.Parsing,
            StartedAt = clock.GetUtcNow(),
        }, cancellationToken).ConfigureAwait(false);
        var statusUrl = $"{baseUrl.TrimEnd('/')}/api/uploads/{uploadId}";
        return ApiResult.Ok(new { uploadId, blobName, statusUrl }) with { StatusCode = 202, Headers = System.Collections.Immutable.ImmutableDictionary<string, string>.Empty.Add("Location", statusUrl) };
    }

    public async Task<ApiResult> GetAsync(string uploadId, CancellationToken cancellationToken = default)
    {
        if (!UploadIds.IsValid(uploadId))
        {
            return ApiResult.Problem(400, "Invalid upload id", $"'{uploadId}' is not an upload id.");
        }

        var upload = await uploads.GetAsync(uploadId, cancellationToken).ConfigureAwait(false);
        if (upload is null)
        {
            return ApiResult.Problem(404, "No such upload", $"No upload {uploadId}.");
        }

        var summary = await SummarizeAsync(upload, cancellationToken).ConfigureAwait(false);
        return ApiResult.Ok(summary);
    }

    /// <summary>
    /// The upload's progress from its tallies (never a scan of its records); the first look that finds every
    /// record finished writes the final counts onto the upload row, where later looks (and Storage Explorer) read them.
    /// </summary>
    public async Task<UploadSummary> SummarizeAsync(UploadRow upload, CancellationToken cancellationToken = default)
    {
        if (upload is not { Status: UploadStatus.Completed, Completed: { } done, Counts: { } final })
        {
            var counts = await progress.CountAsync(upload.UploadId, cancellationToken).ConfigureAwait(false);
            (done, final) = (counts.Completed, counts.ByStatus);
            if (upload.Status != UploadStatus.Failed && upload.Total is { } total && done >= total)
            {
                upload = upload with { Status = UploadStatus.Completed, FinishedAt = upload.FinishedAt ?? clock.GetUtcNow(), Completed = done, Counts = final };
                await uploads.UpsertAsync(upload, cancellationToken).ConfigureAwait(false);
            }
        }

        // Records not finished yet count as parsed, whatever stage they are at.
        var byStatus = new Dictionary<string, int>(final, StringComparer.Ordinal)
        {
            [RecordStatus.Parsed] = Math.Max(0, (upload.Total ?? 0) - done),
        };
        return new UploadSummary(upload.UploadId, upload.BlobName, upload.Format, upload.Status, upload.Total, done, byStatus, upload.StartedAt, upload.ParsedAt, upload.Error);
    }

    public async Task<ApiResult> ListRecordsAsync(string uploadId, RecordQuery query, CancellationToken cancellationToken = default)
    {
        if (!UploadIds.IsValid(uploadId))
        {
            return ApiResult.Problem(400, "Invalid upload id", $"'{uploadId}' is not an upload id.");
        }

        if (query.Validate() is { } problem)
        {
            return problem;
        }

        var (rows, next) = await records.PageAsync(query.ToFilter(uploadId), query.PageSize, query.ContinuationToken, cancellationToken).ConfigureAwait(false);
        return ApiResult.Ok(new { uploadId, items = rows.Select(RecordView.From), continuationToken = next });
    }
}

/// <summary><c>GET /api/records?doi=</c>: every record of one DOI, across uploads.</summary>
public sealed class RecordsApi(RecordStore records)
{
    public async Task<ApiResult> FindAsync(string? doiText, int? top, string? continuationToken, CancellationToken cancellationToken = default)
    {
        if (!Core.Identifiers.Doi.TryParse(doiText, out var doi))
        {
            return ApiResult.Problem(400, "Invalid DOI", $"'{doiText}' is not a DOI; give ?doi=10.x/y.");
        }

        var pageSize = top ?? UploadsApi.DefaultPageSize;
        if (RecordQuery.ValidatePageSize(pageSize) is { } problem)
        {
            return problem;
        }

        // Across partitions: a scan with a filter on the Doi column, paged with the table's continuation token.
        var (rows, next) = await records.PageAsync(TableClient.CreateQueryFilter($"Doi eq {doi.Value}"), pageSize, continuationToken, cancellationToken)
            .ConfigureAwait(false);
        return ApiResult.Ok(new { doi = doi.Value, items = rows.Select(RecordView.From), continuationToken = next });
    }
}

public sealed record UploadSummary(
    string UploadId,
    string BlobName,
    string? Format,
    string Status,
    int? Total,
    int Completed,
    IReadOnlyDictionary<string, int> Counts,
    DateTimeOffset StartedAt,
    DateTimeOffset? ParsedAt,
    string? Error);

internal static class BlobNames
{
    /// <summary>A user-given file name as a blob name: no path, no control characters, at most 200 chars.</summary>
    public static string? Sanitize(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var file = Path.GetFileName(name.Replace('\\', '/'));
        var clean = new string([.. file.Where(c => !char.IsControl(c) && c is not ('/' or '\\' or '?' or '#'))]).Trim();
        return clean.Length == 0 || clean is "." or ".." ? null : clean.Length > 200 ? clean[..200] : clean;
    }
}

namespace Enrichment.Pipeline.Storage;

/// <summary>
/// One upload (one version of one blob), as stored in <c>Uploads</c> (partition = upload id, row = "upload").
/// An upload moves from state to state only through the methods below; its record counts are kept beside it
/// (see <see cref="UploadProgress"/>).
/// </summary>
public sealed record UploadRow
{
    public required string UploadId { get; init; }

    public required string BlobName { get; init; }

    /// <summary>The file's name as the user gave it (the blob name may carry a unique prefix).</summary>
    public string? FileName { get; init; }

    public string? ETag { get; init; }

    public string? Format { get; init; }

    public UploadStatus Status { get; init; } = UploadStatus.Parsing;

    /// <summary>Entries read from the file, valid or not; known once parsing has finished.</summary>
    public int? Total { get; init; }

    public int Invalid { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? ParsedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public string? Error { get; init; }

    /// <summary>Records finished; kept on the row once the upload has completed (until then, summed from its tallies).</summary>
    public int? Completed { get; init; }

    /// <summary>Finished records by status; kept on the row once the upload has completed.</summary>
    public IReadOnlyDictionary<string, int>? Counts { get; init; }

    /// <summary>The name to show: the user's file name, else the blob's last path segment.</summary>
    public string DisplayName => FileName ?? BlobName[(BlobName.LastIndexOf('/') + 1)..];

    public bool IsFinal => Status is UploadStatus.Completed or UploadStatus.Failed;

    /// <summary>Read to the end: its records are on their way.</summary>
    public UploadRow Parsed(string format, int total, int invalid, DateTimeOffset now) =>
        this with { Status = UploadStatus.Processing, Format = format, Total = total, Invalid = invalid, ParsedAt = now };

    /// <summary>Not a file of references (a PDF, an image, an empty file): nothing to retry.</summary>
    public UploadRow Rejected(string reason, DateTimeOffset now) =>
        this with { Status = UploadStatus.Failed, Total = 0, ParsedAt = now, FinishedAt = now, Error = $"Unsupported file: {reason}" };

    /// <summary>Every record has reached a final state.</summary>
    public UploadRow Complete(RecordCounts counts, DateTimeOffset now) =>
        this with { Status = UploadStatus.Completed, FinishedAt = FinishedAt ?? now, Completed = counts.Completed, Counts = counts.ByStatus };

    /// <summary>The upload cannot go on as a whole (its file could not be read, or is gone).</summary>
    public UploadRow Fail(string reason, DateTimeOffset now) =>
        this with { Status = UploadStatus.Failed, Error = reason, FinishedAt = now };

    /// <summary>Rows are missing (storage lost writes): the file is to be read again.</summary>
    public UploadRow Reread() => this with { ParsedAt = null, Status = UploadStatus.Parsing };
}

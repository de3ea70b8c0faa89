namespace Enrichment.Pipeline.Storage;

/// <summary>Where an upload is: the counts of its records come from <c>Records</c>, this row says how ingest went.</summary>
public static class UploadStatus
{
    public const string Parsing = "parsing";
    public const string Processing = "processing";
    public const string Completed = "completed";
    public const string Failed = "failed";
}

/// <summary>One upload (one version of one blob), as stored in <c>Uploads</c> (partition = upload id, row = "upload").</summary>
public sealed record UploadRow
{
    public required string UploadId { get; init; }

    public required string BlobName { get; init; }

    public string? ETag { get; init; }

    public string? Format { get; init; }

    public string Status { get; init; } = UploadStatus.Parsing;

    /// <summary>Entries read from the file, valid or not; known once parsing has finished.</summary>
    public int? Total { get; init; }

    public int Invalid { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? ParsedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public string? Error { get; init; }
}

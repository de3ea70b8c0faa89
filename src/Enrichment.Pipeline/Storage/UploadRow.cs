namespace Enrichment.Pipeline.Storage;

/// <summary>Where an upload is: this row says how ingest went; its record counts are kept beside it (see <see cref="UploadProgress"/>).</summary>
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

    /// <summary>Records finished; kept on the row once the upload has completed (until then, summed from its tallies).</summary>
    public int? Completed { get; init; }

    /// <summary>Finished records by status; kept on the row once the upload has completed.</summary>
    public IReadOnlyDictionary<string, int>? Counts { get; init; }
}

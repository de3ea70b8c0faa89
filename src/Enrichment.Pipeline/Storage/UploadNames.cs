namespace Enrichment.Pipeline.Storage;

/// <summary>
/// Blob names of uploads. Every upload sent through the API gets a blob of its own
/// (<c>{timestamp}-{random}/{file name}</c>), so two uploads of one name never replace each other; the user's
/// file name rides along as blob metadata and is what the API shows and exports under.
/// </summary>
public static class UploadNames
{
    /// <summary>The metadata key of the user's file name (percent-encoded: metadata values are ASCII).</summary>
    public const string FileNameMetadata = "filename";

    private const int MaxFileNameChars = 200;

    /// <summary>A user-given file name made safe to show and store: no path, no control characters, at most 200 chars; null when nothing is left.</summary>
    public static string? Sanitize(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var file = Path.GetFileName(name.Replace('\\', '/'));
        var clean = new string([.. file.Where(c => !char.IsControl(c) && !char.IsSurrogate(c) && c is not ('/' or '\\' or '?' or '#' or '"'))]).Trim();
        return clean.Length == 0 || clean is "." or ".." ? null : clean.Length > MaxFileNameChars ? clean[..MaxFileNameChars] : clean;
    }

    /// <summary>A blob name no other upload has: a time-ordered unique folder, then the file name (which keeps its extension for format detection).</summary>
    public static string NewBlobName(string? fileName, DateTimeOffset now) =>
        $"{now:yyyyMMdd-HHmmss}-{Guid.NewGuid():N}/{fileName ?? "upload.txt"}";

    public static IDictionary<string, string> Metadata(string fileName) =>
        new Dictionary<string, string> { [FileNameMetadata] = Uri.EscapeDataString(fileName) };

    /// <summary>The user's file name from a blob's metadata, if the API stored one.</summary>
    public static string? FromMetadata(IDictionary<string, string>? metadata) =>
        metadata is not null && metadata.TryGetValue(FileNameMetadata, out var escaped) ? Sanitize(Uri.UnescapeDataString(escaped)) : null;
}

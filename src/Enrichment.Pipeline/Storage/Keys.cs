using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Enrichment.Pipeline.Storage;

/// <summary>
/// Upload ids are derived from the blob's name and ETag: the same version of a blob is the same upload (a
/// trigger that fires twice writes the same rows), a changed blob is a new one. The ETag is taken without its
/// quotes: blob properties and the trigger quote it, a container listing does not, and both must name one upload.
/// </summary>
public static class UploadIds
{
    public static string For(string blobName, string? etag)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(blobName + "\n" + (etag ?? "").Trim('"')));
        return "u" + Convert.ToHexStringLower(hash.AsSpan(0, 10));
    }

    /// <summary>True when <paramref name="value"/> has the shape of an upload id (safe as a table key and in a filter).</summary>
    public static bool IsValid([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? value) =>
        value is { Length: 21 } && value[0] == 'u' && value.AsSpan(1).ContainsAnyExcept("0123456789abcdef") is false;
}

/// <summary>
/// Record ids are the entry's position in its file, zero-padded so rows sort in file order: a run of
/// consecutive records is a key range.
/// </summary>
public static class RecordIds
{
    public static string For(int index) => index.ToString("D8", CultureInfo.InvariantCulture);

    /// <summary>The entry position a record id names (the inverse of <see cref="For"/>); false for anything else.</summary>
    public static bool TryIndexOf(string? recordId, out int index) =>
        int.TryParse(recordId, NumberStyles.None, CultureInfo.InvariantCulture, out index);

    /// <summary>The entry position of a record id this project wrote.</summary>
    public static int IndexOf(string recordId) =>
        TryIndexOf(recordId, out var index) ? index : throw new FormatException($"'{recordId}' is not a record id");

    /// <summary>True for the ids this project writes: digits only, at most 10 of them.</summary>
    public static bool IsValid(string? recordId) =>
        recordId is { Length: > 0 and <= 10 } && recordId.AsSpan().ContainsAnyExceptInRange('0', '9') is false;
}

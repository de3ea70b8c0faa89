using System.Security.Cryptography;
using System.Text;

namespace Enrichment.Pipeline.Stages;

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
    public static bool IsValid(string? value) =>
        value is { Length: 21 } && value[0] == 'u' && value.AsSpan(1).ContainsAnyExcept("0123456789abcdef") is false;
}

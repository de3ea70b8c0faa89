using System.Collections.Concurrent;
using Azure;
using Azure.Storage.Blobs;
using Enrichment.Core.Citations;
using Enrichment.Core.Records;

namespace Enrichment.Pipeline.Styles;

/// <summary>
/// Citation styles from the blob container <c>styles</c>: a style name that is not built in, a file or a URL is
/// looked up as <c>styles/{name}.csl</c> (once, then kept in a local folder) and handed to the CSL formatter.
/// </summary>
public sealed class BlobStyleFormatter(CslCitationFormatter csl, BlobServiceClient blobs) : ICitationFormatter
{
    private readonly ConcurrentDictionary<string, Lazy<string>> _resolved = new(StringComparer.Ordinal);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "enrichment-styles", Guid.NewGuid().ToString("N")[..8]);

    public IReadOnlyCollection<string> BuiltInStyles => csl.BuiltInStyles;

    public string FormatEntry(Reference reference, string style, CitationOutput output = CitationOutput.Text) =>
        csl.FormatEntry(reference, Resolve(style), output);

    /// <summary>The name the CSL formatter understands: built-in names, paths and URLs as given; blob styles as a local path.</summary>
    public string Resolve(string style)
    {
        if (csl.BuiltInStyles.Contains(style, StringComparer.Ordinal) || File.Exists(style)
            || Uri.TryCreate(style, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            return style;
        }

        var lazy = _resolved.GetOrAdd(style, name => new Lazy<string>(() => Download(name)));
        try
        {
            return lazy.Value;
        }
        catch
        {
            _resolved.TryRemove(new KeyValuePair<string, Lazy<string>>(style, lazy));
            throw;
        }
    }

    private string Download(string name)
    {
        var blobName = name.EndsWith(".csl", StringComparison.OrdinalIgnoreCase) ? name : name + ".csl";
        if (blobName.Contains('/', StringComparison.Ordinal) || blobName.Contains('\\', StringComparison.Ordinal) || blobName.StartsWith('.'))
        {
            throw new ArgumentException($"Unknown style '{name}'.", nameof(name));
        }

        var blob = blobs.GetBlobContainerClient(StorageNames.StylesContainer).GetBlobClient(blobName);
        Directory.CreateDirectory(_folder);
        var path = Path.Combine(_folder, blobName);
        try
        {
            blob.DownloadTo(path);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            throw new ArgumentException(
                $"Unknown style '{name}': not built in ({string.Join(", ", csl.BuiltInStyles)}), not a file or URL, and not in the '{StorageNames.StylesContainer}' container.", nameof(name), ex);
        }

        return path;
    }
}

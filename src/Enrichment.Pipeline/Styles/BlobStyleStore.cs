using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Enrichment.Core.Citations;

namespace Enrichment.Pipeline.Styles;

/// <summary>
/// Styles in the blob container <c>styles</c>, as <c>{name}.csl</c>: the size is checked against the blob's
/// properties before the download, and the download is pinned to that version (so it cannot grow in between).
/// </summary>
internal sealed class BlobStyleStore(BlobServiceClient blobs) : IStyleStore
{
    public async ValueTask<byte[]?> TryGetAsync(string name, int maxBytes, CancellationToken cancellationToken = default)
    {
        var blobName = name.EndsWith(".csl", StringComparison.OrdinalIgnoreCase) ? name : name + ".csl";
        var blob = blobs.GetBlobContainerClient(StorageNames.StylesContainer).GetBlobClient(blobName);
        try
        {
            var properties = await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            if (properties.Value.ContentLength > maxBytes)
            {
                throw new InvalidDataException($"The style blob is larger than {maxBytes} bytes.");
            }

            var content = await blob.DownloadContentAsync(
                new BlobDownloadOptions { Conditions = new BlobRequestConditions { IfMatch = properties.Value.ETag } },
                cancellationToken).ConfigureAwait(false);
            return content.Value.Content.ToArray();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }
}

using System.Runtime.CompilerServices;
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
    private const string Extension = ".csl";

    public async ValueTask<byte[]?> TryGetAsync(string name, int maxBytes, CancellationToken cancellationToken = default)
    {
        var blobName = name.EndsWith(Extension, StringComparison.OrdinalIgnoreCase) ? name : name + Extension;
        var blob = Container.GetBlobClient(blobName);
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

    /// <summary>The <c>.csl</c> blobs at the container's top level (a listing is in name order), one page of at most <paramref name="max"/> read at a time.</summary>
    public async IAsyncEnumerable<string> ListAsync(int max, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var listed = 0;
        var pages = Container.GetBlobsByHierarchyAsync(BlobTraits.None, BlobStates.None, "/", null, cancellationToken).AsPages(pageSizeHint: Math.Clamp(max, 1, 5000));
        await using var page = pages.GetAsyncEnumerator(cancellationToken);
        while (listed < max && await MoveNextOrMissingAsync(page).ConfigureAwait(false))
        {
            foreach (var item in page.Current.Values)
            {
                if (item.IsBlob && item.Blob.Name.EndsWith(Extension, StringComparison.OrdinalIgnoreCase) && item.Blob.Name.Length > Extension.Length)
                {
                    yield return item.Blob.Name[..^Extension.Length];
                    if (++listed == max)
                    {
                        yield break;
                    }
                }
            }
        }
    }

    private BlobContainerClient Container => blobs.GetBlobContainerClient(StorageNames.StylesContainer);

    /// <summary>The next page; false at the end, and when the container does not exist (yet).</summary>
    private static async Task<bool> MoveNextOrMissingAsync(IAsyncEnumerator<Page<BlobHierarchyItem>> page)
    {
        try
        {
            return await page.MoveNextAsync().ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return false;
        }
    }
}

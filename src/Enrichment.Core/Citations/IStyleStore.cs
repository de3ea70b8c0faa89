namespace Enrichment.Core.Citations;

/// <summary>Styles the operator put up by name (the Pipeline's <c>styles</c> blob container).</summary>
public interface IStyleStore
{
    /// <summary>
    /// The CSL XML stored as <paramref name="name"/> (already checked to be a plain file name), or null when there is
    /// none; throws when it is larger than <paramref name="maxBytes"/>.
    /// </summary>
    ValueTask<byte[]?> TryGetAsync(string name, int maxBytes, CancellationToken cancellationToken = default);

    /// <summary>The names stored (without <c>.csl</c>), in name order, at most <paramref name="max"/> of them.</summary>
    IAsyncEnumerable<string> ListAsync(int max, CancellationToken cancellationToken = default);
}

using System.Runtime.CompilerServices;

namespace Enrichment.Core.Formats.BibTex;

/// <summary>
/// Streaming BibTeX/BibLaTeX reader: a hand-written scanner over a rented char buffer yields each entry as
/// soon as it is complete, so a file never sits in memory whole. A broken entry becomes a failed
/// <see cref="ParsedRecord"/> with its line, column and key, and reading goes on at the next entry.
/// </summary>
public sealed class BibTexReader : IReferenceReader
{
    /// <summary>Deepest brace nesting accepted in a value; deeper is an error for that entry, never a stack overflow.</summary>
    public const int MaxNestingDepth = 256;

    /// <summary>Longest value accepted (1 Mi characters): a longer one is an error for that entry.</summary>
    public const int MaxValueLength = 1 << 20;

    /// <summary>Longest entry accepted (4 Mi characters): the buffer never grows past it.</summary>
    public const int MaxEntryLength = 1 << 22;

    /// <summary>Most fields in one entry (or definitions in one @string), as <see cref="ReaderLimits.MaxItemsPerEntry"/>: more is an error for that entry.</summary>
    public const int MaxFieldsPerEntry = 10_000;

    /// <summary>Most names in one name field (author, editor...), as <see cref="ReaderLimits.MaxItemsPerEntry"/>: more is an error for that entry.</summary>
    public const int MaxNamesPerField = 10_000;

    /// <summary>
    /// Most text held for inheritance (16 Mi characters): entries kept as possible <c>crossref</c>/<c>xdata</c>
    /// parents, and entries waiting after a child for its parent. Past it the oldest waiting entry is resolved
    /// with what was read, with a warning; parents a waiting child asks for are kept up to twice this.
    /// </summary>
    public const int MaxHeldText = 1 << 24;

    /// <summary>Longest chain of <c>crossref</c>/<c>xdata</c> parents followed from one entry: 32.</summary>
    public const int MaxInheritanceDepth = 32;

    /// <summary>Most parents one entry's inheritance visits (its xdata lists and theirs, and the crossref chain): 1,000.</summary>
    public const int MaxParentsPerEntry = 1_000;

    public async IAsyncEnumerable<ParsedRecord> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var synchronous = stream is MemoryStream or UnmanagedMemoryStream or FileStream { IsAsync: false };
        var (content, encoding) = await SourceEncoding.ReadHeadAsync(stream, cancellationToken).ConfigureAwait(false);
        using var reader = ReaderText.Open(content, encoding);
        using var scanner = new BibTexScanner();
        while (true)
        {
            switch (scanner.Next(out var record))
            {
                case ScanStatus.Record:
                    yield return encoding.Mark(record!);
                    break;
                case ScanStatus.End:
                    yield break;
                default:
                    await scanner.FillAsync(reader, synchronous, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
    }
}

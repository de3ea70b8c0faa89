using System.Text;

namespace Enrichment.Core.Formats;

/// <summary>
/// The sizes and depths every reader holds input to (STYLE: limits are data). A value, an entry, a JSON item or
/// a line past one of these makes that entry an error record naming the limit; the rest of the file goes on.
/// BibTeX's scanner keeps its own constants, which the defaults here repeat: <see cref="BibTex.BibTexReader.MaxValueLength"/>,
/// <see cref="BibTex.BibTexReader.MaxEntryLength"/>, <see cref="BibTex.BibTexReader.MaxFieldsPerEntry"/>,
/// <see cref="BibTex.BibTexReader.MaxNamesPerField"/>, and its brace depth <see cref="BibTex.BibTexReader.MaxNestingDepth"/> (256).
/// </summary>
public sealed record ReaderLimits
{
    public static ReaderLimits Default { get; } = new();

    /// <summary>Longest field value (RIS tag with its continuation lines, CSL-JSON string, CSV cell), in characters: 1 Mi.</summary>
    public int MaxValueLength { get; init; } = 1 << 20;

    /// <summary>Longest entry (a RIS record, a CSL-JSON item in bytes, a CSV row or a DOI line), in characters: 4 Mi.</summary>
    public int MaxEntryLength { get; init; } = 1 << 22;

    /// <summary>Most fields in one entry (RIS tag lines, CSV cells, CSL-JSON names, date parts and custom entries): 10,000.</summary>
    public int MaxItemsPerEntry { get; init; } = 10_000;

    /// <summary>
    /// Longest reference of a pasted reference list, in characters, its wrapped lines joined: 8,000 (a reference
    /// with a hundred authors fits; a longer line is prose or junk, and is that line's error).
    /// </summary>
    public int MaxReferenceLength { get; init; } = 8_000;

    /// <summary>Most lines joined into one reference of a pasted reference list (wrapped lines): 12; past that, the next line starts a new one.</summary>
    public int MaxLinesPerReference { get; init; } = 12;

    /// <summary>Deepest JSON nesting inside one CSL-JSON item (Utf8JsonReader MaxDepth): 64.</summary>
    public int MaxJsonDepth { get; init; } = 64;

    /// <summary>
    /// Deepest rich-text markup (<c>&lt;i&gt;</c>, <c>&lt;b&gt;</c>, <c>&lt;sup&gt;</c>, nocase spans) a reader
    /// produces or accepts, in variables and name parts: 64. Deeper BibTeX formatting stays as its LaTeX text;
    /// deeper tags written in the input stay as text (see <see cref="MarkupLimit"/>). Either way nothing is
    /// dropped and the record carries a warning.
    /// </summary>
    public int MaxMarkupDepth { get; init; } = 64;

    /// <summary>Deepest nesting of LaTeX groups the decoder follows into (an accent over a group holding an accent...): 64.</summary>
    public int MaxLatexDepth { get; init; } = 64;
}

/// <summary>
/// How the text readers decode UTF-8: an invalid byte becomes <see cref="InvalidByte"/> (a noncharacter no
/// exporter writes) instead of a silent U+FFFD, so the reader can mark the entry or line that held it invalid
/// while the rest of the file reads on.
/// </summary>
internal static class ReaderText
{
    /// <summary>U+FDD0, a noncharacter: stands for an invalid UTF-8 sequence in decoded text.</summary>
    public const char InvalidByte = '\uFDD0';

    public static Encoding Utf8 { get; } = Encoding.GetEncoding(
        "utf-8", EncoderFallback.ReplacementFallback, new DecoderReplacementFallback(InvalidByte.ToString()));

    /// <summary>A reader of <paramref name="stream"/> in <paramref name="encoding"/> (a UTF-8 or UTF-16 byte order mark is skipped).</summary>
    public static StreamReader Open(Stream stream, SourceEncoding encoding) =>
        new(stream, encoding.Encoding, detectEncodingFromByteOrderMarks: encoding.IsUtf8, bufferSize: 1 << 16, leaveOpen: true);

    public static bool HasInvalidBytes(ReadOnlySpan<char> text) => text.Contains(InvalidByte);

    public const string InvalidBytesMessage = "invalid UTF-8 (a byte that is not UTF-8 text; save the file as UTF-8)";
}

/// <summary>The words an error record gets when reading one entry fails in a way no rule foresaw.</summary>
internal static class ReaderErrors
{
    public static string Unexpected(Exception exception) =>
        $"This entry could not be read ({exception.GetType().Name}: {exception.Message}); the rest of the file was read";
}

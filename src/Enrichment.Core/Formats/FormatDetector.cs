using System.Buffers;
using System.Text.RegularExpressions;
using Enrichment.Core.Formats.DoiList;
using Enrichment.Core.Formats.ReferenceList;
using Enrichment.Core.Formats.Ris;

namespace Enrichment.Core.Formats;

/// <summary>What <see cref="FormatDetector.Detect"/> found: a format and why, or why the file is refused.</summary>
public sealed record FormatDetection
{
    public ReferenceFormat? Format { get; init; }

    /// <summary>Why the file cannot be read, in words for the user; null when a format was found.</summary>
    public string? Rejection { get; init; }

    /// <summary>What the decision rests on ("content: RIS tag lines", "extension .bib").</summary>
    public required string Evidence { get; init; }

    /// <summary>The encoding the file is read in ("UTF-8", "Windows-1252", "UTF-16LE"); null when it was not decoded.</summary>
    public string? Encoding { get; init; }

    /// <summary>
    /// A note for the user on how the file was read when that was a guess ("read as Windows-1252: the file is
    /// not UTF-8"); every record the reader reads from the file carries it as a warning too. Null otherwise.
    /// </summary>
    public string? Warning { get; init; }

    public bool IsRecognised => Format is not null;

    public static FormatDetection Found(ReferenceFormat format, string evidence) => new() { Format = format, Evidence = evidence };

    public static FormatDetection Rejected(string reason) => new() { Rejection = reason, Evidence = reason };

    public override string ToString() => Format is { } format ? $"{ReferenceFormats.Name(format)} ({Evidence})" : $"rejected: {Rejection}";
}

/// <summary>
/// Tells the format of a file from its name and first bytes. Content wins over the extension
/// (<c>refs.txt</c> holding BibTeX is BibTeX); the extension only decides when the content says nothing.
/// Binary and empty files are refused with a reason naming what they look like. Text is read in the encoding
/// its byte order mark or JabRef <c>% Encoding:</c> line names, else as UTF-8, else (when the head is not
/// UTF-8) as Windows-1252 with a <see cref="FormatDetection.Warning"/> (see <see cref="SourceEncoding"/>).
/// </summary>
public static partial class FormatDetector
{
    /// <summary>How many bytes of the file's start <see cref="Detect"/> wants (it takes fewer or more).</summary>
    public const int HeadLength = 8192;

    /// <summary>How many lines of the head tell a DOI list from a reference list.</summary>
    private const int LinesLooked = 50;

    private static readonly (byte[] Magic, string What)[] Signatures =
    [
        ("%PDF-"u8.ToArray(), "a PDF document"),
        ([0x89, (byte)'P', (byte)'N', (byte)'G'], "a PNG image"),
        ([0xFF, 0xD8, 0xFF], "a JPEG image"),
        ("GIF8"u8.ToArray(), "a GIF image"),
        ([0x1F, 0x8B], "a gzip-compressed file"),
        ([0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C], "a 7-Zip archive"),
        ([0xFD, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0x00], "an xz-compressed file"),
        ("BZh"u8.ToArray(), "a bzip2-compressed file"),
        ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], "an old Microsoft Office document (.doc, .xls)"),
        ("SQLite format 3\0"u8.ToArray(), "an SQLite database (a reference manager's library file?)"),
        (@"{\rtf"u8.ToArray(), "an RTF document"),
    ];

    /// <summary>
    /// Reads the head of <paramref name="stream"/> (up to <see cref="HeadLength"/> bytes), detects the format,
    /// and gives back a stream that starts at the first byte again: the same stream rewound when it can seek,
    /// otherwise one that replays the head and then reads on. The returned stream owns <paramref name="stream"/>
    /// unless <paramref name="leaveOpen"/> is set.
    /// </summary>
    public static async Task<DetectedStream> DetectAsync(string fileName, Stream stream, bool leaveOpen = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var start = stream.CanSeek ? stream.Position : 0;
        var head = new byte[HeadLength];
        var read = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        var detection = Detect(fileName, head.AsSpan(0, read));
        if (stream.CanSeek)
        {
            stream.Position = start;
            return new DetectedStream(detection, leaveOpen ? new ReplayStream(ReadOnlyMemory<byte>.Empty, stream, leaveOpen: true) : stream);
        }

        return new DetectedStream(detection, new ReplayStream(head.AsMemory(0, read), stream, leaveOpen));
    }

    public static FormatDetection Detect(string fileName, ReadOnlySpan<byte> head)
    {
        var extension = Path.GetExtension(fileName ?? "").ToLowerInvariant();
        if (head.IsEmpty)
        {
            return FormatDetection.Rejected("the file is empty");
        }

        if (BinaryKind(head, extension) is { } binary)
        {
            return FormatDetection.Rejected($"the file is {binary}, not a reference file");
        }

        var encoding = SourceEncoding.Choose(head);
        string text;
        if (encoding.IsUtf16)
        {
            text = DecodeUtf16(head[2..], encoding);
            if (text.IndexOf('\0') is var nulChar and >= 0)
            {
                return FormatDetection.Rejected($"the file is binary (a NUL character at offset {2 + (2 * nulChar)}), not a reference file");
            }
        }
        else
        {
            if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            {
                head = head[3..];
            }

            if (head.IndexOf((byte)0) is var nul and >= 0)
            {
                return FormatDetection.Rejected($"the file is binary (a NUL byte at offset {nul}), not a reference file");
            }

            // The choice already checked that a UTF-8 head is valid; any other encoding decodes every byte.
            text = encoding.IsUtf8 ? DecodeUtf8(head) : encoding.Encoding.GetString(head);
        }

        return FromContent(text, extension) with { Encoding = encoding.Name, Warning = encoding.Warning };
    }

    private static FormatDetection FromContent(string text, string extension)
    {
        var trimmed = text.TrimStart();
        if (trimmed.Length == 0)
        {
            return FormatDetection.Rejected("the file holds only blank lines");
        }

        if (LooksLikeJson(trimmed))
        {
            return FormatDetection.Found(ReferenceFormat.CslJson, "content: a JSON array or object");
        }

        if (trimmed.StartsWith('<'))
        {
            return FormatDetection.Rejected(trimmed.StartsWith("<?xml", StringComparison.OrdinalIgnoreCase)
                ? "the file is XML (EndNote XML, MODS...), which is not read: export RIS, BibTeX or CSL-JSON"
                : "the file looks like an HTML page or other markup, not a reference file");
        }

        var firstLine = FirstLine(trimmed);
        if (RisReader.TryParseTagLine(firstLine, out var tag, out _)
            && (tag == "TY" || RisTypeLine().IsMatch(trimmed)))
        {
            return FormatDetection.Found(ReferenceFormat.Ris, "content: RIS tag lines");
        }

        if (firstLine.StartsWith("PMID-", StringComparison.Ordinal))
        {
            return FormatDetection.Rejected("the file is in MEDLINE/PubMed format (.nbib), which is not read: export RIS or CSL-JSON");
        }

        if (firstLine.StartsWith("FN ", StringComparison.Ordinal) && trimmed.Contains("\nPT ", StringComparison.Ordinal))
        {
            return FormatDetection.Rejected("the file is a Web of Science tagged export, which is not read: export RIS instead");
        }

        if (firstLine.StartsWith("%0 ", StringComparison.Ordinal))
        {
            return FormatDetection.Rejected("the file is in EndNote tagged format (.enw), which is not read: export RIS");
        }

        if (BibTexEntry().IsMatch(text))
        {
            return FormatDetection.Found(ReferenceFormat.BibTex, "content: a BibTeX @entry");
        }

        if (FromLines(text) is { } lines)
        {
            return lines;
        }

        return extension switch
        {
            ".bib" or ".bibtex" or ".biblatex" => FormatDetection.Found(ReferenceFormat.BibTex, $"extension {extension} (no entry in the first bytes)"),
            ".ris" => FormatDetection.Found(ReferenceFormat.Ris, $"extension {extension} (no record in the first bytes)"),
            _ => FormatDetection.Rejected(
                "no BibTeX entry, RIS record, CSL-JSON item, DOI or reference string found at the start of the file"
                + (extension is ".csv" or ".tsv" ? " (a CSV needs a header row with a 'doi' column)" : "")),
        };
    }

    private static bool LooksLikeJson(string trimmed)
    {
        if (trimmed[0] is not ('[' or '{'))
        {
            return false;
        }

        var next = trimmed.AsSpan(1).TrimStart();
        return next.IsEmpty || (trimmed[0] == '[' ? next[0] is '{' or ']' or '[' : next[0] is '"' or '}');
    }

    private static string FirstLine(string text)
    {
        var end = text.AsSpan().IndexOfAny('\r', '\n');
        return end < 0 ? text : text[..end];
    }

    /// <summary>
    /// A DOI list or a pasted reference list, told apart by the head's lines (at most <see cref="LinesLooked"/>;
    /// blank lines, <c>#</c> comments and headings such as "References" aside): a CSV header with a <c>doi</c>
    /// column, or DOIs and no line that looks like a reference, make a DOI list (a line without a DOI is then
    /// that line's error); lines that look like references (<see cref="ReferenceLines.LooksLikeReference"/>: a
    /// DOI in prose, a numbering marker, a year among words), with the DOIs, a third of the lines or more, make a
    /// reference list, whose reader reads a DOI line as that DOI and any other line as a reference.
    /// </summary>
    private static FormatDetection? FromLines(string text)
    {
        var lines = new List<string>();
        foreach (var raw in text.AsSpan().EnumerateLines())
        {
            var line = raw.Trim();
            if (line.IsEmpty || line[0] == '#' || line.StartsWith("sep=", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (lines.Count == 0 && DoiListReader.CsvHeader.TryRead(line.ToString(), null) is not null)
            {
                return FormatDetection.Found(ReferenceFormat.DoiList, "content: a CSV header with a 'doi' column");
            }

            if (!ReferenceLines.IsHeading(line.ToString()) && lines.Count < LinesLooked)
            {
                lines.Add(line.ToString());
            }
        }

        // The head may end inside a line: the last one counts only when it is the only one.
        if (lines.Count > 1 && !text.EndsWith('\n') && !text.EndsWith('\r'))
        {
            lines.RemoveAt(lines.Count - 1);
        }

        var dois = lines.Count(l => DoiListReader.TryFindDoi(l, out _, out var alone) && alone);
        var references = lines.Count(ReferenceLines.LooksLikeReference);
        if (dois > 0 && references == 0)
        {
            return FormatDetection.Found(ReferenceFormat.DoiList, dois == lines.Count ? "content: a DOI on every line" : $"content: DOIs on {dois} of {lines.Count} lines");
        }

        if (references > 0 && references + dois >= Math.Max(1, (lines.Count + 2) / 3))
        {
            return FormatDetection.Found(ReferenceFormat.ReferenceList, $"content: reference strings ({references} of {lines.Count} lines look like references, {dois} are DOIs)");
        }

        return null;
    }

    private static string? BinaryKind(ReadOnlySpan<byte> head, string extension)
    {
        if (head.StartsWith("PK\x03\x04"u8) || head.StartsWith("PK\x05\x06"u8))
        {
            return extension switch
            {
                ".docx" => "a Word document (a ZIP archive)",
                ".xlsx" => "an Excel workbook (a ZIP archive)",
                ".odt" or ".ods" => "an OpenDocument file (a ZIP archive)",
                _ => "a ZIP archive (perhaps a .docx or .xlsx)",
            };
        }

        foreach (var (magic, what) in Signatures)
        {
            if (head.StartsWith(magic))
            {
                return what;
            }
        }

        return null;
    }

    /// <summary>The text of a valid UTF-8 head; a sequence cut by the end of the head is left out.</summary>
    private static string DecodeUtf8(ReadOnlySpan<byte> head)
    {
        var chars = ArrayPool<char>.Shared.Rent(head.Length);
        try
        {
            System.Text.Unicode.Utf8.ToUtf16(head, chars, out _, out var written, replaceInvalidSequences: true, isFinalBlock: false);
            return new string(chars, 0, written);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>The text of a UTF-16 head (after its byte order mark); a character cut by the end of the head is left out.</summary>
    private static string DecodeUtf16(ReadOnlySpan<byte> head, SourceEncoding encoding)
    {
        var decoder = encoding.Encoding.GetDecoder();
        var chars = new char[decoder.GetCharCount(head, flush: false)];
        var written = decoder.GetChars(head, chars, flush: false);
        return new string(chars, 0, written);
    }

    // An entry (or @string, @comment, @preamble) at the start of a line.
    [GeneratedRegex(@"^[ \t]*@[ \t]*[A-Za-z]+[ \t]*[{(]", RegexOptions.Multiline)]
    private static partial Regex BibTexEntry();

    [GeneratedRegex(@"^TY {1,2}- ?", RegexOptions.Multiline)]
    private static partial Regex RisTypeLine();
}

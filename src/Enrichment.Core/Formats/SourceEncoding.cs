using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace Enrichment.Core.Formats;

/// <summary>
/// The encoding a text file is read in, chosen from its head (the first <see cref="FormatDetector.HeadLength"/>
/// bytes): a byte order mark, else JabRef's <c>% Encoding: name</c> line, else UTF-8 when the head is valid
/// UTF-8, else Windows-1252. The detector and every reader choose from the same bytes, so they agree.
/// </summary>
/// <param name="Encoding">Decodes the file; an undecodable byte becomes <see cref="ReaderText.InvalidByte"/>.</param>
/// <param name="Name">The encoding as users know it ("UTF-8", "Windows-1252", "UTF-16LE").</param>
/// <param name="Warning">What every record read from the file says about the choice, when it was a guess.</param>
internal sealed partial record SourceEncoding(Encoding Encoding, string Name, string? Warning)
{
    private const int Utf16LeCodePage = 1200;
    private const int Utf16BeCodePage = 1201;

    // Registered before any lookup below: Windows-1252 and the other code pages live in the provider.
    private static readonly bool CodePagesRegistered = RegisterCodePages();

    public static SourceEncoding Utf8 { get; } = new(ReaderText.Utf8, "UTF-8", null);

    public static SourceEncoding Utf16Le { get; } = new(WithInvalidByte(Utf16LeCodePage), "UTF-16LE", null);

    public static SourceEncoding Utf16Be { get; } = new(WithInvalidByte(Utf16BeCodePage), "UTF-16BE", null);

    /// <summary>The guess for a head that is not UTF-8: every byte is a character, so nothing is lost.</summary>
    public static SourceEncoding Windows1252 { get; } = new(WithInvalidByte(1252), "Windows-1252", NotUtf8Warning);

    public const string NotUtf8Warning = "read as Windows-1252: the file is not UTF-8";

    public bool IsUtf8 => Encoding.CodePage == Encoding.UTF8.CodePage;

    public bool IsUtf16 => Encoding.CodePage is Utf16LeCodePage or Utf16BeCodePage;

    public static SourceEncoding Choose(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return Utf8;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return Utf16Le;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return Utf16Be;
        }

        var declared = Declared(head);
        if (declared is not null && !declared.IsUtf8)
        {
            return declared;
        }

        // Declared UTF-8 or nothing: the bytes decide. A sequence cut by the end of the head is fine.
        return IsValidUtf8(head) ? Utf8 : Windows1252;
    }

    /// <summary>
    /// Reads the head of <paramref name="stream"/>, chooses its encoding, and gives back a stream that starts at
    /// the first byte again (the same stream rewound when it can seek). The returned stream leaves
    /// <paramref name="stream"/> open.
    /// </summary>
    public static async Task<(Stream Content, SourceEncoding Encoding)> ReadHeadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var start = stream.CanSeek ? stream.Position : 0;
        var head = new byte[FormatDetector.HeadLength];
        var read = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        var encoding = Choose(head.AsSpan(0, read));
        if (stream.CanSeek)
        {
            stream.Position = start;
            return (stream, encoding);
        }

        return (new ReplayStream(head.AsMemory(0, read), stream, leaveOpen: true), encoding);
    }

    /// <summary>Every record read from a file in a guessed encoding carries the guess as a warning.</summary>
    public ParsedRecord Mark(ParsedRecord record) =>
        Warning is null
            ? record
            : record with { Diagnostics = record.Diagnostics.Add(new ParseDiagnostic(DiagnosticSeverity.Warning, Warning, record.Line, record.Column, record.Key)) };

    /// <summary>The encoding a JabRef <c>% Encoding:</c> line names, if it is one this reads; null otherwise.</summary>
    private static SourceEncoding? Declared(ReadOnlySpan<byte> head)
    {
        // The line is ASCII, and JabRef writes it among the comment lines at the top.
        var top = Encoding.Latin1.GetString(head[..Math.Min(head.Length, 1024)]);
        foreach (var raw in top.AsSpan().EnumerateLines())
        {
            var line = raw.Trim();
            if (line.IsEmpty)
            {
                continue;
            }

            if (line[0] != '%')
            {
                return null;
            }

            if (EncodingLine().Match(line.ToString()) is { Success: true } match)
            {
                return FromJavaName(match.Groups[1].Value);
            }
        }

        return null;
    }

    /// <summary>
    /// Maps the Java charset names JabRef writes (<c>UTF8</c>, <c>Cp1252</c>, <c>ISO8859_1</c>, <c>windows-1252</c>,
    /// <c>MacRoman</c>) to an encoding. UTF-16 and UTF-32 are not taken from the line: without a byte order mark
    /// the ASCII line itself says the file is not in them.
    /// </summary>
    internal static SourceEncoding? FromJavaName(string name)
    {
        _ = CodePagesRegistered;
        var normalized = name.Trim().ToLowerInvariant();
        Encoding encoding;
        try
        {
            encoding = normalized switch
            {
                "utf8" or "utf-8" or "ascii" or "us-ascii" => Encoding.UTF8,
                "macroman" or "x-macroman" => Encoding.GetEncoding("macintosh"),
                _ when JavaIsoName().Match(normalized) is { Success: true } iso => Encoding.GetEncoding($"iso-8859-{iso.Groups[1].Value}"),
                _ when JavaCodePage().Match(normalized) is { Success: true } cp => Encoding.GetEncoding(int.Parse(cp.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)),
                _ => Encoding.GetEncoding(normalized.Replace('_', '-')),
            };
        }
        catch (Exception exception) when (exception is ArgumentException or NotSupportedException)
        {
            return null;
        }

        if (encoding.CodePage == Encoding.UTF8.CodePage)
        {
            return Utf8;
        }

        // Only encodings in which the ASCII line reads as written (not UTF-16/32, not UTF-7, not EBCDIC).
        if (!IsAsciiCompatible(encoding))
        {
            return null;
        }

        // ISO-8859-1 files are read as Windows-1252, as browsers do (WHATWG): its 0x80-0x9F are C1 controls
        // no one types, and files labelled Latin-1 often hold Windows curly quotes and dashes there.
        return encoding.CodePage is 1252 or 28591
            ? Windows1252 with { Name = DisplayName(encoding), Warning = null }
            : new(WithInvalidByte(encoding.CodePage), DisplayName(encoding), null);
    }

    private static bool IsAsciiCompatible(Encoding encoding)
    {
        const string probe = "% Encoding: @{}=\"\r\n";
        if (encoding.CodePage is Utf16LeCodePage or Utf16BeCodePage or 12000 or 12001 or 65000)
        {
            return false;
        }

        var bytes = encoding.GetBytes(probe);
        return bytes.Length == probe.Length && bytes.AsSpan().SequenceEqual(Encoding.ASCII.GetBytes(probe));
    }

    private static string DisplayName(Encoding encoding) => encoding.WebName switch
    {
        var web when web.StartsWith("windows-", StringComparison.Ordinal) => "Windows-" + web["windows-".Length..],
        "macintosh" => "MacRoman",
        "iso-8859-1" => "ISO-8859-1",
        var web => web.ToUpperInvariant(),
    };

    private static bool IsValidUtf8(ReadOnlySpan<byte> head)
    {
        var chars = ArrayPool<char>.Shared.Rent(head.Length);
        try
        {
            return System.Text.Unicode.Utf8.ToUtf16(head, chars, out _, out _, replaceInvalidSequences: false, isFinalBlock: false) != OperationStatus.InvalidData;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    private static Encoding WithInvalidByte(int codePage)
    {
        _ = CodePagesRegistered;
        return Encoding.GetEncoding(codePage, EncoderFallback.ReplacementFallback, new DecoderReplacementFallback(ReaderText.InvalidByte.ToString()));
    }

    private static bool RegisterCodePages()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return true;
    }

    [GeneratedRegex(@"^%\s*Encoding\s*:\s*([A-Za-z0-9_.:\-]+)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex EncodingLine();

    [GeneratedRegex(@"^iso-?8859[_-]?(\d{1,2})$")]
    private static partial Regex JavaIsoName();

    [GeneratedRegex(@"^(?:cp|windows-|ibm)(\d{3,5})$")]
    private static partial Regex JavaCodePage();
}

using System.Runtime.CompilerServices;
using System.Text;
using Enrichment.Core.Records;

namespace Enrichment.Core.Formats.Ris;

/// <summary>
/// Reads RIS (<c>TY  - JOUR</c> ... <c>ER  - </c>) line by line. Lines that are not tag lines continue the
/// previous tag (joined with a newline for <c>AB</c>, <c>N1</c>, <c>N2</c>, a space otherwise). A record with
/// no <c>ER</c> before the next <c>TY</c> or the end of the file is still read, with a warning. A record
/// with no <c>ID</c> gets one made of the first author's family name and the year.
/// </summary>
public sealed class RisReader(ReaderLimits? limits = null) : IReferenceReader
{
    private readonly ReaderLimits _limits = limits ?? ReaderLimits.Default;

    public async IAsyncEnumerable<ParsedRecord> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var (content, encoding) = await SourceEncoding.ReadHeadAsync(stream, cancellationToken).ConfigureAwait(false);
        using var reader = ReaderText.Open(content, encoding);
        var lines = new LineReader(reader, _limits.MaxValueLength);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var lineNumber = 0;
        Pending? current = null;
        (int Line, int Count, string First)? junk = null;

        while (await lines.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } bounded)
        {
            lineNumber++;
            var rawLine = bounded.Text;

            // A BOM can also sit at the start of a file concatenated into this one.
            var line = rawLine.Length > 0 && rawLine[0] == '\uFEFF' ? rawLine[1..] : rawLine;
            if (TryParseTagLine(line, out var tag, out var value))
            {
                if (junk is { } text)
                {
                    yield return encoding.Mark(JunkError(text));
                    junk = null;
                }

                switch (tag)
                {
                    case "TY":
                        if (current is not null)
                        {
                            yield return encoding.Mark(Finish(current, ids, $"Record has no ER before the next TY at line {lineNumber}", lineNumber - 1));
                        }

                        current = new Pending(new RisField(tag, value, lineNumber), HasType: true);
                        Check(current, bounded, line, lineNumber);
                        break;
                    case "ER":
                        if (current is not null)
                        {
                            yield return encoding.Mark(Finish(current, ids, null, lineNumber));
                            current = null;
                        }

                        break;
                    default:
                        current ??= new Pending(new RisField("TY", "", lineNumber), HasType: false);
                        if (Check(current, bounded, line, lineNumber))
                        {
                            current.Open(tag, value, lineNumber);
                        }

                        break;
                }
            }
            else if (string.IsNullOrWhiteSpace(line))
            {
                // Blank lines separate records and mean nothing inside one.
            }
            else if (current is { HasOpenField: true })
            {
                if (Check(current, bounded, line, lineNumber))
                {
                    current.Continue(line.Trim());
                }
            }
            else if (current is not null)
            {
                current.Warnings.Add(new ParseDiagnostic(DiagnosticSeverity.Warning,
                    $"Text after TY is not a tag line, ignored: '{Shorten(line)}'", lineNumber, 1));
            }
            else
            {
                junk = junk is { } text ? text with { Count = text.Count + 1 } : (lineNumber, 1, line);
            }

            if (current is { Error: null } && current.OpenLength > _limits.MaxValueLength)
            {
                current.Fail($"The value of '{current.OpenTag}' (line {current.OpenLine}) is longer than {_limits.MaxValueLength} characters (ReaderLimits.MaxValueLength)");
            }
        }

        if (junk is { } trailing)
        {
            yield return encoding.Mark(JunkError(trailing));
        }

        if (current is not null)
        {
            yield return encoding.Mark(Finish(current, ids, "Record has no ER at the end of the file", lineNumber));
        }
    }

    /// <summary>Whether the line may go into the record: false (and the record fails, once) past a limit or on invalid UTF-8.</summary>
    private bool Check(Pending pending, BoundedLine bounded, string line, int lineNumber)
    {
        if (pending.Error is not null)
        {
            return false;
        }

        if (bounded.TooLong)
        {
            pending.Fail($"Line {lineNumber} is longer than {_limits.MaxValueLength} characters (ReaderLimits.MaxValueLength)");
        }
        else if (ReaderText.HasInvalidBytes(line))
        {
            pending.Fail($"Line {lineNumber} holds {ReaderText.InvalidBytesMessage}");
        }
        else if (pending.FieldCount >= _limits.MaxItemsPerEntry)
        {
            pending.Fail($"Record has more than {_limits.MaxItemsPerEntry} tag lines (ReaderLimits.MaxItemsPerEntry)");
        }
        else if (pending.Length + line.Length > _limits.MaxEntryLength)
        {
            pending.Fail($"Record is longer than {_limits.MaxEntryLength} characters (ReaderLimits.MaxEntryLength)");
        }

        pending.Length += line.Length;
        return pending.Error is null;
    }

    /// <summary>
    /// A tag line: two characters (a capital letter, then a capital or digit), two spaces, a hyphen, then a
    /// space and the value (or nothing). One space before the hyphen is accepted for the tags this reader knows,
    /// as some exporters write it.
    /// </summary>
    internal static bool TryParseTagLine(string line, out string tag, out string value)
    {
        tag = "";
        value = "";
        if (line.Length < 4 || !char.IsAsciiLetterUpper(line[0]) || !(char.IsAsciiLetterUpper(line[1]) || char.IsAsciiDigit(line[1])))
        {
            return false;
        }

        var i = 2;
        while (i < line.Length && line[i] == ' ' && i < 5)
        {
            i++;
        }

        var spaces = i - 2;
        if (spaces is not (1 or 2) || i >= line.Length || line[i] != '-' || (i + 1 < line.Length && line[i + 1] != ' '))
        {
            return false;
        }

        if (spaces == 1 && !RisMapping.IsKnownTag(line[..2]))
        {
            return false;
        }

        tag = line[..2];
        value = i + 2 <= line.Length ? line[(i + 2)..] : "";
        return true;
    }

    private ParsedRecord Finish(Pending pending, HashSet<string> ids, string? missingEnd, int endLine)
    {
        pending.Close();
        var line = pending.Type.Line;
        if (pending.Error is { } error)
        {
            return ParsedRecord.Failed($"{error} (lines {line}-{endLine} skipped)", line);
        }

        var maxMarkupDepth = _limits.MaxMarkupDepth;
        try
        {
            return Map(pending, ids, missingEnd, endLine, maxMarkupDepth);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return ParsedRecord.Failed(ReaderErrors.Unexpected(exception), line);
        }
    }

    private static ParsedRecord Map(Pending pending, HashSet<string> ids, string? missingEnd, int endLine, int maxMarkupDepth)
    {
        var diagnostics = new List<ParseDiagnostic>(pending.Warnings);
        var line = pending.Type.Line;
        if (!pending.HasType)
        {
            var first = pending.Fields[0];
            return new ParsedRecord
            {
                Line = line,
                Diagnostics =
                [
                    new ParseDiagnostic(DiagnosticSeverity.Error,
                        $"Record has no TY line: it starts with '{first.Tag}' at line {first.Line} (lines {line}-{endLine} skipped)", line, 1),
                ],
            };
        }

        if (missingEnd is not null)
        {
            diagnostics.Add(new ParseDiagnostic(DiagnosticSeverity.Warning, missingEnd, endLine, 1));
        }

        var reference = RisMapping.ToReference(pending.Type, pending.Fields, diagnostics);
        reference = MarkupLimit.Cap(reference, maxMarkupDepth, diagnostics, line, 1, null);
        if (reference.Id.Length == 0)
        {
            reference = reference with { Id = MakeId(reference, ids) };
        }

        ids.Add(reference.Id);
        return ParsedRecord.Ok(reference, line, 1, [.. diagnostics.Select(d => d with { Key = reference.Id })]);
    }

    private static string MakeId(Reference reference, HashSet<string> ids)
    {
        var first = reference.Authors.FirstOrDefault() ?? reference.GetNames("editor").FirstOrDefault();
        var family = new string([.. (first?.Family ?? first?.Literal ?? "").ToLowerInvariant().Where(char.IsLetterOrDigit)]);
        var stem = (family.Length == 0 ? "ris" : family) + reference.Year;
        var id = stem;
        for (var n = 0; ids.Contains(id); n++)
        {
            // smith2016, smith2016a, smith2016b... then smith2016-27 when letters run out.
            id = n < 26 ? stem + (char)('a' + n) : $"{stem}-{n + 1}";
        }

        return id;
    }

    private static ParsedRecord JunkError((int Line, int Count, string First) junk) =>
        ParsedRecord.Failed(junk.Count == 1
            ? $"Text outside any RIS record: '{Shorten(junk.First)}'"
            : $"{junk.Count} lines of text outside any RIS record, the first: '{Shorten(junk.First)}'", junk.Line);

    private static string Shorten(string text) => text.Length > 60 ? text[..60] + "..." : text;

    /// <summary>
    /// A record being read. The last tag's value grows in a builder as continuation lines come (joining strings
    /// line by line would copy the value once per line); it becomes a field when the next tag or the end comes.
    /// </summary>
    private sealed record Pending(RisField Type, bool HasType)
    {
        private readonly StringBuilder _open = new();

        public List<RisField> Fields { get; } = [];

        public List<ParseDiagnostic> Warnings { get; } = [];

        /// <summary>Why the record cannot be read (a limit passed, invalid UTF-8); its lines are then only counted.</summary>
        public string? Error { get; private set; }

        public int Length { get; set; }

        public string? OpenTag { get; private set; }

        public int OpenLine { get; private set; }

        public bool HasOpenField => OpenTag is not null;

        public int OpenLength => _open.Length;

        public int FieldCount => Fields.Count + (HasOpenField ? 1 : 0);

        public void Open(string tag, string value, int line)
        {
            Close();
            OpenTag = tag;
            OpenLine = line;
            _open.Append(value);
        }

        public void Continue(string text)
        {
            var end = _open.Length;
            while (end > 0 && char.IsWhiteSpace(_open[end - 1]))
            {
                end--;
            }

            _open.Length = end;
            _open.Append(RisMapping.IsProse(OpenTag!) ? '\n' : ' ').Append(text);
        }

        public void Close()
        {
            if (OpenTag is not null)
            {
                Fields.Add(new RisField(OpenTag, _open.ToString(), OpenLine));
                OpenTag = null;
                _open.Clear();
            }
        }

        public void Fail(string error)
        {
            Error = error;
            _open.Clear();
            OpenTag = null;
            Fields.Clear();
        }
    }
}

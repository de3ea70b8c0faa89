using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text;
using Enrichment.Core.Records;
using Enrichment.Core.Identifiers;

namespace Enrichment.Core.Formats.DoiList;

/// <summary>How a DOI list is laid out.</summary>
public enum DoiListLayout
{
    /// <summary>CSV when the first line is a header with a <c>doi</c> column, one DOI per line otherwise.</summary>
    Auto,

    /// <summary>One DOI per line; blank lines and lines starting with <c>#</c> are skipped.</summary>
    Lines,

    /// <summary>RFC 4180 CSV with a header row holding a <c>doi</c> column (any case).</summary>
    Csv,
}

/// <summary>
/// Reads a list of DOIs in any form users paste (<c>https://doi.org/...</c>, <c>doi:...</c>, %-escaped).
/// Each DOI becomes a record with Id = the normalised DOI, type <c>article</c> and <c>DOI</c> set; a line
/// with no DOI is an error record with its line. In a CSV, the other columns are kept in custom under their
/// header names (an empty header is <c>column{n}</c>, a repeated one gets <c>_2</c>, <c>_3</c>...; empty cells
/// are skipped).
/// </summary>
public sealed class DoiListReader(DoiListLayout layout = DoiListLayout.Auto, ReaderLimits? limits = null) : IReferenceReader
{
    private readonly ReaderLimits _limits = limits ?? ReaderLimits.Default;

    /// <summary>Custom key of the line a DOI was picked out of, when the line held more than the DOI.</summary>
    public const string SourceLineKey = "doi-list:line";

    private static readonly char[] Delimiters = [',', ';', '\t'];

    public async IAsyncEnumerable<ParsedRecord> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var (content, encoding) = await SourceEncoding.ReadHeadAsync(stream, cancellationToken).ConfigureAwait(false);
        using var reader = ReaderText.Open(content, encoding);
        var lines = new LineSource(new LineReader(reader, _limits.MaxValueLength), _limits);
        CsvHeader? header = null;
        if (layout != DoiListLayout.Lines)
        {
            var first = await lines.PeekMeaningfulAsync(comments: layout == DoiListLayout.Auto, cancellationToken).ConfigureAwait(false);
            header = first is null ? null : CsvHeader.TryRead(first.Value.Text, lines.Delimiter);
            if (header is not null)
            {
                lines.Consume();
            }
            else if (layout == DoiListLayout.Csv)
            {
                if (first is { } line)
                {
                    lines.Consume();
                    yield return encoding.Mark(ParsedRecord.Failed("CSV has no 'doi' column in its header row", line.Number));
                }

                yield break;
            }
        }

        if (header is null)
        {
            while (await lines.NextAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                if (line.Problem is { } problem)
                {
                    yield return encoding.Mark(ParsedRecord.Failed(problem, line.Number));
                    continue;
                }

                var text = line.Text.Trim();
                if (text.Length == 0 || text.StartsWith('#'))
                {
                    continue;
                }

                yield return encoding.Mark(Guarded(() => FromLine(text, line.Number), line.Number));
            }

            yield break;
        }

        while (await lines.NextCsvRowAsync(header.Delimiter, cancellationToken).ConfigureAwait(false) is { } row)
        {
            if (row.Problem is { } problem)
            {
                yield return encoding.Mark(ParsedRecord.Failed(problem, row.Line));
                continue;
            }

            if (row.Fields.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            yield return encoding.Mark(Guarded(() => FromRow(header, row.Fields, row.Line), row.Line));
        }
    }

    /// <summary>Whatever goes wrong reading one line or row, it is that entry's error, not the file's.</summary>
    private static ParsedRecord Guarded(Func<ParsedRecord> read, int line)
    {
        try
        {
            return read();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return ParsedRecord.Failed(ReaderErrors.Unexpected(exception), line);
        }
    }

    private static ParsedRecord FromLine(string text, int line)
    {
        if (TryFindDoi(text, out var doi, out var alone))
        {
            return ParsedRecord.Ok(alone ? Record(doi) : Record(doi).WithCustom(SourceLineKey, text), line);
        }

        // An arXiv id (arXiv:2101.00001v2, an arxiv.org/abs URL) stands for arXiv's DOI; the version stays in eprint.
        if (TryFindArxiv(text, out var arxiv))
        {
            var record = Record(arxiv.Doi).WithCustom("eprint", arxiv.WithVersion).WithCustom("archiveprefix", "arXiv");
            return ParsedRecord.Ok(ArxivId.TryParse(text, out _) ? record : record.WithCustom(SourceLineKey, text), line);
        }

        return ParsedRecord.Failed($"No DOI on this line: '{Shorten(text)}'", line);
    }

    /// <summary>
    /// The DOI on a line: the whole line in any pasted form, or else the first word that is one
    /// ("Smith 2016 https://doi.org/10.1/x"). <paramref name="alone"/> says whether the line held only the DOI.
    /// </summary>
    internal static bool TryFindDoi(string text, out Doi doi, out bool alone)
    {
        alone = true;
        if (Doi.TryParse(text, out doi))
        {
            return true;
        }

        alone = false;
        foreach (var token in text.Split([' ', '\t', ',', ';', '|'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (Doi.TryParse(token.TrimStart('<', '(', '[', '"', '\''), out doi))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>An arXiv id that is the whole line (<c>2101.00001v2</c>, <c>arXiv:...</c>, an arxiv.org URL), or one written in it.</summary>
    internal static bool TryFindArxiv(string text, out ArxivId arxiv) =>
        ArxivId.TryParse(text, out arxiv) || ArxivId.TryFind(text, out arxiv);

    private static ParsedRecord FromRow(CsvHeader header, List<string> fields, int line)
    {
        var cell = header.DoiColumn < fields.Count ? fields[header.DoiColumn].Trim() : "";
        if (!Doi.TryParse(cell.Trim('<', '>', '"', '\''), out var doi))
        {
            return ParsedRecord.Failed(cell.Length == 0
                ? $"No DOI in column '{header.Names[header.DoiColumn]}'"
                : $"Not a DOI in column '{header.Names[header.DoiColumn]}': '{Shorten(cell)}'", line);
        }

        var custom = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < fields.Count; i++)
        {
            if (i != header.DoiColumn && fields[i].Length > 0)
            {
                custom[i < header.Names.Count ? header.Names[i] : $"column{i + 1}"] = fields[i];
            }
        }

        var warnings = fields.Count > header.Names.Count
            ? [new ParseDiagnostic(DiagnosticSeverity.Warning,
                $"Row has {fields.Count} fields, the header {header.Names.Count}: the extra ones are kept as column{header.Names.Count + 1}...", line, 1)]
            : Array.Empty<ParseDiagnostic>();
        var reference = Record(doi) with { Custom = custom.ToImmutable() };
        return ParsedRecord.Ok(reference, line, 1, warnings);
    }

    private static Reference Record(Doi doi) => new Reference { Id = doi.Value, Type = "article" }.With("DOI", doi.Value);

    private static string Shorten(string text) => text.Length > 60 ? text[..60] + "..." : text;

    internal sealed record CsvHeader(IReadOnlyList<string> Names, int DoiColumn, char Delimiter)
    {
        /// <summary>A header row: a field named <c>doi</c> (any case), split by the first delimiter that gives one.</summary>
        public static CsvHeader? TryRead(string line, char? declared)
        {
            foreach (var delimiter in declared is { } d ? [d] : Delimiters)
            {
                var fields = Csv.SplitComplete(line, delimiter);
                if (fields is null)
                {
                    continue;
                }

                var doiColumn = fields.FindIndex(f => f.Trim().Equals("doi", StringComparison.OrdinalIgnoreCase));
                if (doiColumn >= 0)
                {
                    return new CsvHeader(UniqueNames(fields), doiColumn, delimiter);
                }
            }

            return null;
        }

        private static List<string> UniqueNames(List<string> fields)
        {
            var names = new List<string>(fields.Count);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < fields.Count; i++)
            {
                var name = fields[i].Trim();
                name = name.Length == 0 ? $"column{i + 1}" : name;
                var unique = name;
                for (var n = 2; !seen.Add(unique); n++)
                {
                    unique = $"{name}_{n}";
                }

                names.Add(unique);
            }

            return names;
        }
    }

    /// <summary>
    /// Lines with their numbers, one line of look-ahead, and CSV rows that may span lines. A line past
    /// <see cref="ReaderLimits.MaxValueLength"/> or holding invalid UTF-8 comes with the problem that makes it an error.
    /// </summary>
    private sealed class LineSource(LineReader reader, ReaderLimits limits)
    {
        private Line? _peeked;
        private int _number;

        /// <summary>Set by an Excel <c>sep=;</c> first line.</summary>
        public char? Delimiter { get; private set; }

        public async ValueTask<Line?> NextAsync(CancellationToken cancellationToken)
        {
            if (_peeked is { } peeked)
            {
                _peeked = null;
                return peeked;
            }

            if (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is not { } read)
            {
                return null;
            }

            var number = ++_number;
            var problem = read.TooLong
                ? $"Line is longer than {limits.MaxValueLength} characters (ReaderLimits.MaxValueLength)"
                : ReaderText.HasInvalidBytes(read.Text) ? $"Line holds {ReaderText.InvalidBytesMessage}" : null;
            return new Line(read.Text, number, problem);
        }

        public async ValueTask<Line?> PeekMeaningfulAsync(bool comments, CancellationToken cancellationToken)
        {
            while (await NextAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                var text = line.Text.Trim();
                if (text.Length == 0 || (comments && text.StartsWith('#')))
                {
                    continue;
                }

                if (Delimiter is null && text.StartsWith("sep=", StringComparison.OrdinalIgnoreCase) && text.Length == 5)
                {
                    Delimiter = text[4];
                    continue;
                }

                _peeked = line;
                return line;
            }

            return null;
        }

        public void Consume() => _peeked = null;

        /// <summary>
        /// The next CSV row; a quoted field may hold line breaks, so a row can take several lines. The row is
        /// split as it comes, line by line, and stops at <see cref="ReaderLimits.MaxEntryLength"/> characters:
        /// an unclosed quote then costs one error row, and reading starts again at the next line.
        /// </summary>
        public async ValueTask<Row?> NextCsvRowAsync(char delimiter, CancellationToken cancellationToken)
        {
            if (await NextAsync(cancellationToken).ConfigureAwait(false) is not { } first)
            {
                return null;
            }

            var row = new CsvRow(delimiter);
            row.Feed(first.Text);
            var problem = first.Problem;
            while (row.Open && problem is null)
            {
                if (row.Length > limits.MaxEntryLength)
                {
                    problem = $"Row is longer than {limits.MaxEntryLength} characters (ReaderLimits.MaxEntryLength): a quote opened on line {first.Number} is never closed?";
                    break;
                }

                if (await NextAsync(cancellationToken).ConfigureAwait(false) is not { } more)
                {
                    // An unclosed quote at the end of the file: take what there is.
                    break;
                }

                problem = more.Problem is null ? null : $"Line {more.Number}: {more.Problem}";
                row.Feed("\n");
                row.Feed(more.Text);
            }

            var fields = row.Finish();
            if (problem is null && fields.Count > limits.MaxItemsPerEntry)
            {
                problem = $"Row has more than {limits.MaxItemsPerEntry} fields (ReaderLimits.MaxItemsPerEntry)";
            }

            if (problem is null && fields.FindIndex(f => f.Length > limits.MaxValueLength) is var longField and >= 0)
            {
                problem = $"Field {longField + 1} is longer than {limits.MaxValueLength} characters (ReaderLimits.MaxValueLength)";
            }

            return new Row(problem is null ? fields : [], first.Number, problem);
        }
    }

    private readonly record struct Line(string Text, int Number, string? Problem);

    private readonly record struct Row(List<string> Fields, int Line, string? Problem);
}

/// <summary>RFC 4180 fields: quoted fields may hold the delimiter, line breaks and doubled quotes.</summary>
internal static class Csv
{
    /// <summary>The fields of a row, or null when a quoted field is still open at the end of the text.</summary>
    public static List<string>? SplitComplete(string text, char delimiter)
    {
        var (fields, open) = Split(text, delimiter);
        return open ? null : fields;
    }

    public static (List<string> Fields, bool Open) Split(string text, char delimiter)
    {
        var row = new CsvRow(delimiter);
        row.Feed(text);
        var open = row.Open;
        return (row.Finish(), open);
    }
}

/// <summary>
/// An RFC 4180 row split as its text comes in, so a row that spans lines is read once, not once per line.
/// Lenient: text after a closing quote, or a quote inside an unquoted field, is kept as is.
/// </summary>
internal sealed class CsvRow(char delimiter)
{
    private readonly List<string> _fields = [];
    private readonly StringBuilder _field = new();
    private bool _quoted;
    private bool _wasQuoted;
    private bool _pendingQuote;

    /// <summary>A quoted field is still open.</summary>
    public bool Open => _quoted && !_pendingQuote;

    /// <summary>Characters fed so far.</summary>
    public long Length { get; private set; }

    public void Feed(ReadOnlySpan<char> text)
    {
        Length += text.Length;
        foreach (var c in text)
        {
            if (_pendingQuote)
            {
                // A quote inside a quoted field: doubled, it is a quote; alone, it closes the field.
                _pendingQuote = false;
                if (c == '"')
                {
                    _field.Append('"');
                    continue;
                }

                _quoted = false;
            }

            if (_quoted)
            {
                if (c == '"')
                {
                    _pendingQuote = true;
                }
                else
                {
                    _field.Append(c);
                }
            }
            else if (c == delimiter)
            {
                _fields.Add(_field.ToString());
                _field.Clear();
                _wasQuoted = false;
            }
            else if (c == '"' && _field.Length == 0 && !_wasQuoted)
            {
                _quoted = true;
                _wasQuoted = true;
            }
            else
            {
                _field.Append(c);
            }
        }
    }

    /// <summary>The fields, the last one as far as it got.</summary>
    public List<string> Finish()
    {
        if (_pendingQuote)
        {
            _pendingQuote = false;
            _quoted = false;
        }

        _fields.Add(_field.ToString());
        _field.Clear();
        return _fields;
    }
}

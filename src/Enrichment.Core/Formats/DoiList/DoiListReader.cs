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
public sealed class DoiListReader(DoiListLayout layout = DoiListLayout.Auto) : IReferenceReader
{
    /// <summary>Custom key of the line a DOI was picked out of, when the line held more than the DOI.</summary>
    public const string SourceLineKey = "doi-list:line";

    private static readonly char[] Delimiters = [',', ';', '\t'];

    public async IAsyncEnumerable<ParsedRecord> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
        var lines = new LineSource(reader);
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
                    yield return ParsedRecord.Failed("CSV has no 'doi' column in its header row", line.Number);
                }

                yield break;
            }
        }

        if (header is null)
        {
            while (await lines.NextAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                var text = line.Text.Trim();
                if (text.Length == 0 || text.StartsWith('#'))
                {
                    continue;
                }

                yield return FromLine(text, line.Number);
            }

            yield break;
        }

        while (await lines.NextCsvRowAsync(header.Delimiter, cancellationToken).ConfigureAwait(false) is { } row)
        {
            if (row.Fields.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            yield return FromRow(header, row.Fields, row.Line);
        }
    }

    private static ParsedRecord FromLine(string text, int line) => TryFindDoi(text, out var doi, out var alone)
        ? ParsedRecord.Ok(alone ? Record(doi) : Record(doi).WithCustom(SourceLineKey, text), line)
        : ParsedRecord.Failed($"No DOI on this line: '{Shorten(text)}'", line);

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

    /// <summary>Lines with their numbers, one line of look-ahead, and CSV rows that may span lines.</summary>
    private sealed class LineSource(StreamReader reader)
    {
        private (string Text, int Number)? _peeked;
        private int _number;

        /// <summary>Set by an Excel <c>sep=;</c> first line.</summary>
        public char? Delimiter { get; private set; }

        public async ValueTask<(string Text, int Number)?> NextAsync(CancellationToken cancellationToken)
        {
            if (_peeked is { } peeked)
            {
                _peeked = null;
                return peeked;
            }

            var text = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            return text is null ? null : (text, ++_number);
        }

        public async ValueTask<(string Text, int Number)?> PeekMeaningfulAsync(bool comments, CancellationToken cancellationToken)
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

        /// <summary>The next CSV row; a quoted field may hold line breaks, so a row can take several lines.</summary>
        public async ValueTask<(List<string> Fields, int Line)?> NextCsvRowAsync(char delimiter, CancellationToken cancellationToken)
        {
            if (await NextAsync(cancellationToken).ConfigureAwait(false) is not { } first)
            {
                return null;
            }

            var text = first.Text;
            List<string>? fields;
            while ((fields = Csv.SplitComplete(text, delimiter)) is null)
            {
                if (await NextAsync(cancellationToken).ConfigureAwait(false) is not { } more)
                {
                    // An unclosed quote at the end of the file: take what there is.
                    fields = Csv.Split(text, delimiter).Fields;
                    break;
                }

                text += "\n" + more.Text;
            }

            return (fields, first.Number);
        }
    }
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
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var wasQuoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == delimiter)
            {
                fields.Add(field.ToString());
                field.Clear();
                wasQuoted = false;
            }
            else if (c == '"' && field.Length == 0 && !wasQuoted)
            {
                quoted = true;
                wasQuoted = true;
            }
            else
            {
                // Lenient: text after a closing quote, or a quote inside an unquoted field, is kept as is.
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return (fields, quoted);
    }
}

using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Text;
using Enrichment.Core.Records;

namespace Enrichment.Core.Formats.BibTex;

/// <summary>
/// Walking-skeleton BibTeX reader: entries with braced, quoted and bare values. Enough for the seed record;
/// the full grammar replaces it.
/// </summary>
public sealed class BibTexReader : IReferenceReader
{
    public async IAsyncEnumerable<ParsedRecord> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        var text = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        var position = 0;
        var line = 1;
        while (true)
        {
            var at = text.IndexOf('@', position);
            if (at < 0)
            {
                yield break;
            }

            line += CountLines(text, position, at);
            position = at;
            var entry = ReadEntry(text, ref position, line);
            line += CountLines(text, at, position);
            yield return entry;
        }
    }

    private static int CountLines(string text, int from, int to)
    {
        var count = 0;
        for (var i = from; i < to; i++)
        {
            if (text[i] == '\n')
            {
                count++;
            }
        }

        return count;
    }

    private static ParsedRecord ReadEntry(string text, ref int position, int line)
    {
        var start = position;
        position++;
        var type = ReadWord(text, ref position).ToLowerInvariant();
        SkipSpace(text, ref position);
        if (position >= text.Length || text[position] is not ('{' or '('))
        {
            return ParsedRecord.Failed($"Expected '{{' after @{type}", line);
        }

        var close = text[position] == '{' ? '}' : ')';
        position++;
        var fields = new List<(string Name, string Value)>();
        string? key = null;
        SkipSpace(text, ref position);
        var first = ReadWord(text, ref position);
        SkipSpace(text, ref position);
        if (position < text.Length && text[position] == ',')
        {
            key = first;
            position++;
        }
        else if (position < text.Length && text[position] == '=')
        {
            position++;
            fields.Add((first.ToLowerInvariant(), ReadValue(text, ref position)));
            SkipSpace(text, ref position);
            if (position < text.Length && text[position] == ',')
            {
                position++;
            }
        }

        while (true)
        {
            SkipSpace(text, ref position);
            if (position >= text.Length)
            {
                return ParsedRecord.Failed("Unexpected end of file inside an entry", line, key: key);
            }

            if (text[position] == close)
            {
                position++;
                break;
            }

            var name = ReadWord(text, ref position).ToLowerInvariant();
            SkipSpace(text, ref position);
            if (name.Length == 0 || position >= text.Length || text[position] != '=')
            {
                position = Math.Max(position, start + 1);
                return ParsedRecord.Failed($"Expected a field name and '=' in @{type}", line, key: key);
            }

            position++;
            fields.Add((name, ReadValue(text, ref position)));
            SkipSpace(text, ref position);
            if (position < text.Length && text[position] == ',')
            {
                position++;
            }
        }

        return ToRecord(type, key, fields, line);
    }

    private static ParsedRecord ToRecord(string type, string? key, List<(string Name, string Value)> fields, int line)
    {
        var warnings = new List<ParseDiagnostic>();
        var custom = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        var reference = new Reference { Id = key ?? "", Type = type == "article" ? "article-journal" : type };
        foreach (var (name, value) in fields)
        {
            switch (name)
            {
                case "title": reference = reference.With("title", value); break;
                case "journal": reference = reference.With("container-title", value); break;
                case "volume": reference = reference.With("volume", value); break;
                case "number": reference = reference.With("issue", value); break;
                case "pages": reference = reference.With("page", value.Replace("--", "-", StringComparison.Ordinal)); break;
                case "publisher": reference = reference.With("publisher", value); break;
                case "doi": reference = reference.With("DOI", value); break;
                case "url": reference = reference.With("URL", value); break;
                case "issn": reference = reference.With("ISSN", value); break;
                case "abstract": reference = reference.With("abstract", value); break;
                case "keywords": reference = reference.With("keyword", value); break;
                case "year" when int.TryParse(value, out var year):
                    reference = reference.WithDate("issued", DateValue.FromParts(year));
                    break;
                case "author":
                    reference = reference.WithNames("author", value.Split(" and ", StringSplitOptions.TrimEntries).Select(ParseName));
                    break;
                default: custom[name] = value; break;
            }
        }

        reference = reference with { Custom = custom.ToImmutable() };
        if (key is null)
        {
            var family = reference.Authors.FirstOrDefault()?.Family ?? "anon";
            reference = reference with { Id = new string([.. family.ToLowerInvariant().Where(char.IsLetterOrDigit)]) + reference.Year };
            warnings.Add(new ParseDiagnostic(DiagnosticSeverity.Warning, $"Entry has no citation key; generated '{reference.Id}'", line, 1));
        }

        return ParsedRecord.Ok(reference, line, 1, [.. warnings]);
    }

    private static PersonName ParseName(string name)
    {
        var comma = name.IndexOf(',', StringComparison.Ordinal);
        if (comma >= 0)
        {
            return new PersonName { Family = name[..comma].Trim(), Given = name[(comma + 1)..].Trim() };
        }

        var space = name.LastIndexOf(' ');
        return space < 0 ? new PersonName { Family = name } : new PersonName { Family = name[(space + 1)..], Given = name[..space] };
    }

    private static string ReadWord(string text, ref int position)
    {
        SkipSpace(text, ref position);
        var start = position;
        while (position < text.Length && !char.IsWhiteSpace(text[position]) && text[position] is not ('{' or '(' or ',' or '=' or '}' or ')'))
        {
            position++;
        }

        return text[start..position];
    }

    private static string ReadValue(string text, ref int position)
    {
        SkipSpace(text, ref position);
        if (position >= text.Length)
        {
            return "";
        }

        if (text[position] == '{')
        {
            var depth = 0;
            var start = position + 1;
            for (; position < text.Length; position++)
            {
                depth += text[position] switch { '{' => 1, '}' => -1, _ => 0 };
                if (depth == 0)
                {
                    position++;
                    return text[start..(position - 1)].Replace("{", "", StringComparison.Ordinal).Replace("}", "", StringComparison.Ordinal);
                }
            }

            return text[start..];
        }

        if (text[position] == '"')
        {
            var end = text.IndexOf('"', position + 1);
            end = end < 0 ? text.Length : end;
            var value = text[(position + 1)..end];
            position = Math.Min(end + 1, text.Length);
            return value;
        }

        return ReadWord(text, ref position);
    }

    private static void SkipSpace(string text, ref int position)
    {
        while (position < text.Length && char.IsWhiteSpace(text[position]))
        {
            position++;
        }
    }
}

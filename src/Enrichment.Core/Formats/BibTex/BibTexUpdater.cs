using System.Text;
using Enrichment.Core.Enrichment;
using Enrichment.Core.Records;

namespace Enrichment.Core.Formats.BibTex;

/// <summary>A field of the user's entry that Crossref gives otherwise: left as it is, and reported.</summary>
public sealed record FieldDisagreement(string Key, string Field, string Theirs, string Ours);

/// <summary>What <see cref="BibTexUpdater"/> made: the new text, the fields added, and what disagreed.</summary>
public sealed record BibTexUpdate(string Text, int FieldsAdded, IReadOnlyList<FieldDisagreement> Disagreements);

/// <summary>
/// Writes Crossref's fields into the user's own BibTeX text by insertion only: every character they wrote stays
/// where it was (comments, <c>@string</c>, <c>@preamble</c>, field order, quoting, macros, keys). A field an
/// entry lacks (under any of its names: <c>journal</c>/<c>journaltitle</c>, <c>year</c>/<c>date</c>) is added
/// after its last field in the entry's own style: indentation, the spacing around <c>=</c> (aligned when the
/// entry aligns), braces or quotes, CRLF or LF. A field both have and that disagrees is left and reported.
/// Titles from Crossref keep their acronyms and inner capitals (and, in a sentence-case title, its proper nouns)
/// in braces, so BibTeX styles do not lowercase them.
/// </summary>
public static class BibTexUpdater
{
    /// <summary>Longest text updated (64 Mi characters): the whole file is held, as its entries' spans are.</summary>
    public const int MaxTextLength = 1 << 26;

    /// <summary>The fields taken from Crossref when the entry lacks them.</summary>
    private static readonly string[] Added =
        ["author", "editor", "title", "journal", "booktitle", "year", "volume", "number", "pages", "doi", "issn", "isbn", "publisher"];

    /// <summary>
    /// Reads <paramref name="text"/>, asks Crossref about each entry (by its DOI, or a verified search) through
    /// <paramref name="enricher"/>, one after another, and writes what Crossref adds into the text. An entry
    /// Crossref has nothing for is left as it is.
    /// </summary>
    public static async Task<BibTexUpdate> UpdateAsync(string text, ReferenceEnricher enricher, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(enricher);
        var found = new Dictionary<(int Line, int Column), (Reference Theirs, Reference Ours)>();
        using var stream = new MemoryStream(new UTF8Encoding(false).GetBytes(text));
        await foreach (var parsed in new BibTexReader().ReadAsync(stream, cancellationToken).ConfigureAwait(false))
        {
            if (parsed.Reference is { } theirs
                && (await enricher.EnrichAsync(theirs, cancellationToken).ConfigureAwait(false)).Crossref is { } ours)
            {
                found[(parsed.Line, parsed.Column)] = (theirs, ours);
            }
        }

        return Update(text, found);
    }

    /// <summary>
    /// The update of <paramref name="text"/>: <paramref name="crossref"/> gives, for an entry's position (the
    /// 1-based line and column of its <c>@</c>, as <see cref="ParsedRecord"/> has them), the record as the user
    /// wrote it and Crossref's record of the same work.
    /// </summary>
    public static BibTexUpdate Update(string text, IReadOnlyDictionary<(int Line, int Column), (Reference Theirs, Reference Ours)> crossref)
    {
        ArgumentNullException.ThrowIfNull(crossref);
        return Update(text, (line, column) => crossref.TryGetValue((line, column), out var pair) ? pair : null);
    }

    /// <summary>
    /// The update of <paramref name="text"/> where only the line each entry starts on is known (stored records
    /// keep their line): the first entry on a line takes that line's records.
    /// </summary>
    public static BibTexUpdate UpdateByLine(string text, IReadOnlyDictionary<int, (Reference Theirs, Reference Ours)> crossref)
    {
        ArgumentNullException.ThrowIfNull(crossref);
        var taken = new HashSet<int>();
        return Update(text, (line, _) => taken.Add(line) && crossref.TryGetValue(line, out var pair) ? pair : null);
    }

    private static BibTexUpdate Update(string text, Func<int, int, (Reference Theirs, Reference Ours)?> find)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxTextLength)
        {
            throw new ArgumentException($"The text is longer than {MaxTextLength} characters (BibTexUpdater.MaxTextLength)", nameof(text));
        }

        var output = new StringBuilder(text.Length + (text.Length / 4));
        var disagreements = new List<FieldDisagreement>();
        var added = 0;
        var copied = 0;
        foreach (var entry in BibTexLayout.Scan(text))
        {
            if (find(entry.Line, entry.Column) is not { } pair)
            {
                continue;
            }

            var key = entry.Key ?? pair.Theirs.Id;
            var ours = OurFields(pair.Ours, pair.Theirs);
            var have = new HashSet<string>(entry.Fields.Select(f => BibTexInheritanceRules.Canonical(f.Name)), StringComparer.Ordinal);
            foreach (var field in entry.Fields)
            {
                var name = field.Name == "date" ? "year" : field.Name;
                if (ours.TryGetValue(name, out var value) && Disagrees(field.Name, pair.Theirs, pair.Ours))
                {
                    disagreements.Add(new FieldDisagreement(key, field.Name, text[field.ValueStart..field.ValueEnd], value));
                }
            }

            var missing = Added.Where(name => ours.ContainsKey(name) && !have.Contains(BibTexInheritanceRules.Canonical(name))).ToList();
            if (missing.Count == 0)
            {
                continue;
            }

            var style = EntryStyle.Of(text, entry);
            var at = entry.Fields.Count > 0 ? entry.Fields[^1].ValueEnd : entry.KeyEnd;
            output.Append(text, copied, at - copied);
            foreach (var name in missing)
            {
                style.Append(output, name, ours[name]);
                added++;
            }

            copied = at;
        }

        output.Append(text, copied, text.Length - copied);
        return new BibTexUpdate(output.ToString(), added, disagreements);
    }

    /// <summary>Crossref's record as BibTeX fields (name to value with its braces), titles protected.</summary>
    private static Dictionary<string, string> OurFields(Reference ours, Reference theirs)
    {
        var protectedTitles = ours with
        {
            Variables = ours.Variables.SetItems(ours.Variables
                .Where(v => v.Key is "title" or "container-title")
                .Select(v => KeyValuePair.Create(v.Key, TitleProtection.Protect(v.Value)))),
            Id = theirs.Id,
        };
        var written = BibTexWriter.Format(protectedTitles);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in BibTexLayout.Scan(written))
        {
            foreach (var field in entry.Fields)
            {
                fields.TryAdd(field.Name, written[field.ValueStart..field.ValueEnd]);
            }
        }

        // The writer gives a full date as 'date'; a BibTeX entry wants its year.
        if (ours.Year is { } year)
        {
            fields.TryAdd("year", "{" + year.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}");
        }

        return fields;
    }

    /// <summary>True when the two records give the field different values (compared as read, folded where text).</summary>
    private static bool Disagrees(string field, Reference theirs, Reference ours)
    {
        static bool Differ(string? a, string? b) => a is not null && b is not null && TextFolding.Fold(a) != TextFolding.Fold(b);
        return field switch
        {
            "year" or "date" => theirs.Year is { } a && ours.Year is { } b && a != b,
            "volume" => Differ(theirs.Get("volume"), ours.Get("volume")),
            "number" or "issue" => Differ(theirs.Get("issue") ?? theirs.Get("number"), ours.Get("issue") ?? ours.Get("number")),
            "pages" => Differ(theirs.Get("page"), ours.Get("page")),
            "doi" => Differ(theirs.DoiText, ours.DoiText),
            "title" => Differ(theirs.Title, ours.Title),
            _ => false,
        };
    }

    /// <summary>How an entry writes its fields: what comes before a name, between name and value, and its line end.</summary>
    private sealed record EntryStyle(string NewLine, string Indent, int AlignTo, string BeforeEquals, string AfterEquals, bool Quotes, bool OneLine)
    {
        public static EntryStyle Of(string text, EntrySpan entry)
        {
            var body = text.AsSpan(entry.Start, entry.Close - entry.Start);
            var newLine = body.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
            if (entry.Fields.Count == 0)
            {
                return new EntryStyle(newLine, "  ", 0, " ", " ", Quotes: false, OneLine: false);
            }

            var first = entry.Fields[0];
            var lineStart = text.LastIndexOf('\n', first.NameStart == 0 ? 0 : first.NameStart - 1) + 1;
            var oneLine = lineStart <= entry.Start;
            var indent = oneLine ? " " : text[lineStart..first.NameStart];
            if (indent.Any(c => !char.IsWhiteSpace(c)))
            {
                indent = new string(' ', indent.Length);
            }

            var equals = text.IndexOf('=', first.NameStart + first.Name.Length);
            var before = text[(first.NameStart + first.Name.Length)..equals];
            var after = text[(equals + 1)..first.ValueStart];
            if (before.Contains('\n', StringComparison.Ordinal) || after.Contains('\n', StringComparison.Ordinal))
            {
                (before, after) = (" ", " ");
            }

            // Aligned when every field's '=' stands in one column (and there are two fields to tell).
            var columns = entry.Fields.Select(f => Column(text, text.IndexOf('=', f.NameStart + f.Name.Length))).Distinct().ToList();
            var alignTo = entry.Fields.Count > 1 && columns.Count == 1 && !oneLine && !before.Contains('\t', StringComparison.Ordinal)
                ? columns[0] - Column(text, first.NameStart)
                : 0;
            var quotes = entry.Fields.Count(f => text[f.ValueStart] == '"') > entry.Fields.Count(f => text[f.ValueStart] == '{');
            return new EntryStyle(newLine, indent, alignTo, before, after, quotes, oneLine);
        }

        public void Append(StringBuilder output, string name, string value)
        {
            output.Append(',');
            output.Append(OneLine ? " " : NewLine + Indent);
            output.Append(name);
            output.Append(AlignTo > name.Length ? new string(' ', AlignTo - name.Length) : AlignTo > 0 ? " " : BeforeEquals);
            output.Append('=').Append(AfterEquals);
            output.Append(Quotes && value.StartsWith('{') && !value.Contains('"', StringComparison.Ordinal) ? '"' + value[1..^1] + '"' : value);
        }

        private static int Column(string text, int at) => at - (text.LastIndexOf('\n', Math.Max(0, at - 1)) + 1);
    }
}

/// <summary>
/// Protects in braces the words of a title that BibTeX styles would lowercase but must not: acronyms and words
/// with a capital after their first letter (<c>COVID-19</c>, <c>DNA</c>, <c>SiGe</c>, <c>mRNA</c>), and, when the
/// title is in sentence case, the capitalised words after its first (proper nouns: the source capitalised them
/// for a reason). Words already in a nocase span are left as they are.
/// </summary>
public static class TitleProtection
{
    private const string Open = "<span class=\"nocase\">";
    private const string Close = "</span>";

    public static string Protect(string title)
    {
        ArgumentNullException.ThrowIfNull(title);
        if (title.Contains('<', StringComparison.Ordinal))
        {
            return title; // Markup of its own (or nocase spans already): left as it came.
        }

        var words = title.Split(' ');
        var sentenceCase = IsSentenceCase(words);
        var output = new StringBuilder(title.Length + 32);
        for (var w = 0; w < words.Length; w++)
        {
            if (w > 0)
            {
                output.Append(' ');
            }

            var word = words[w];
            var afterColon = w > 0 && words[w - 1].EndsWith(':');
            if (HasInnerCapital(word) || (sentenceCase && w > 0 && !afterColon && word.Length > 0 && char.IsUpper(word[0])))
            {
                output.Append(Open).Append(word).Append(Close);
            }
            else
            {
                output.Append(word);
            }
        }

        return output.ToString();
    }

    private static bool HasInnerCapital(string word)
    {
        var letters = word.Where(char.IsLetter).ToList();
        return letters.Count > 1 && letters.Skip(1).Any(char.IsUpper);
    }

    /// <summary>Most words after the first begin in lower case: the capitals left mean something.</summary>
    private static bool IsSentenceCase(string[] words)
    {
        var lower = 0;
        var upper = 0;
        foreach (var word in words.Skip(1))
        {
            if (word.Length < 4 || !char.IsLetter(word[0]) || HasInnerCapital(word))
            {
                continue; // Short words (of, the, in) are lower case in title case too.
            }

            if (char.IsUpper(word[0]))
            {
                upper++;
            }
            else
            {
                lower++;
            }
        }

        return lower > upper;
    }
}

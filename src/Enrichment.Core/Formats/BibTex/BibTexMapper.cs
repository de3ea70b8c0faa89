using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Enrichment.Core.Formats.CslJson;
using Enrichment.Core.Records;

using Enrichment.Core.Identifiers;

namespace Enrichment.Core.Formats.BibTex;

/// <summary>One field of an entry: its lower-cased name and its value with macros expanded (LaTeX not yet decoded).</summary>
internal readonly record struct RawField(string Name, string Value);

/// <summary>
/// Turns one parsed entry into a <see cref="Reference"/>: CSL type and variables, names, dates, DOI; every
/// field with no CSL variable kept verbatim in <see cref="Reference.Custom"/>. Holds the ids already given
/// out in the file, so keys stay unique.
/// </summary>
internal sealed class BibTexMapper
{
    /// <summary>Custom field that keeps the BibTeX entry type when the CSL type cannot give it back.</summary>
    public const string BibTexTypeField = "bibtex-type";

    private static readonly string[] DoiCarriers = ["url", "note", "eprint", "howpublished"];

    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _nextSuffix = new(StringComparer.Ordinal);

    public ParsedRecord Map(string type, string? key, List<RawField> fields, int line, int column, List<ParseDiagnostic> warnings)
    {
        foreach (var field in fields)
        {
            if (ReaderText.HasInvalidBytes(field.Value))
            {
                return ParsedRecord.Failed($"The value of '{field.Name}' holds {ReaderText.InvalidBytesMessage}", line, column, key);
            }
        }

        if (key is not null && ReaderText.HasInvalidBytes(key))
        {
            return ParsedRecord.Failed($"The key holds {ReaderText.InvalidBytesMessage}", line, column);
        }

        var cslType = BibTexSchema.MapType(type);
        var variables = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        var names = ImmutableSortedDictionary.CreateBuilder<string, ImmutableArray<PersonName>>(StringComparer.Ordinal);
        var dates = ImmutableSortedDictionary.CreateBuilder<string, DateValue>(StringComparer.Ordinal);
        var custom = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        string? year = null, month = null, date = null;
        var hasSeries = false;
        foreach (var field in fields)
        {
            hasSeries |= field.Name == "series";
        }

        for (var f = 0; f < fields.Count; f++)
        {
            var (name, value) = fields[f];
            if (IsDuplicate(fields, f))
            {
                var spare = SpareName(custom, name);
                custom[spare] = value;
                warnings.Add(new ParseDiagnostic(DiagnosticSeverity.Warning, $"Field '{name}' appears twice; the second value is kept as '{spare}'", line, column, key));
                continue;
            }

            switch (name)
            {
                case "year":
                    year = value;
                    continue;
                case "month":
                    month = value;
                    continue;
                case "date":
                    date = value;
                    continue;
                case "doi":
                    if (Doi.TryParse(value, out var doi) && !variables.ContainsKey("DOI"))
                    {
                        variables["DOI"] = doi.Value;
                    }
                    else
                    {
                        custom[name] = value;
                        warnings.Add(new ParseDiagnostic(DiagnosticSeverity.Warning, $"Field 'doi' is not a DOI; kept as written", line, column, key));
                    }

                    continue;
                case "pages":
                    SetOrKeep(variables, custom, "page", name, value, NormalizePages(LatexDecoder.Decode(value)));
                    continue;
                case "number":
                    var numberVariable = BibTexSchema.IsSerialPart(cslType) ? "issue"
                        : hasSeries && BibTexSchema.IsBookLike(cslType) ? "collection-number" : "number";
                    SetOrKeep(variables, custom, numberVariable, name, value, LatexDecoder.Decode(value));
                    continue;
            }

            if (BibTexSchema.TextFields.TryGetValue(name, out var text))
            {
                var capped = false;
                var decoded = text.Kind switch
                {
                    TextKind.Title => LatexDecoder.Decode(value, markCaseProtection: true, out capped),
                    TextKind.Plain => LatexDecoder.Decode(value, markCaseProtection: false, out capped),
                    _ => value,
                };
                if (capped)
                {
                    warnings.Add(new ParseDiagnostic(DiagnosticSeverity.Warning,
                        $"Formatting in '{name}' is nested deeper than {LatexDecoder.MaxMarkupDepth} (ReaderLimits.MaxMarkupDepth); the deeper commands are kept as LaTeX text",
                        line, column, key));
                }

                SetOrKeep(variables, custom, text.Variable, name, value, decoded);
            }
            else if (BibTexSchema.NameFields.TryGetValue(name, out var nameVariable) || CslJsonConvert.IsNameVariable(name))
            {
                nameVariable ??= name;
                var parsed = BibTexNames.Parse(value);
                if (parsed.Length > BibTexReader.MaxNamesPerField)
                {
                    return ParsedRecord.Failed($"'{name}' holds more than {BibTexReader.MaxNamesPerField} names (BibTexReader.MaxNamesPerField)", line, column, key);
                }

                if (parsed.IsEmpty || names.ContainsKey(nameVariable))
                {
                    custom[name] = value;
                }
                else
                {
                    names[nameVariable] = parsed;
                }
            }
            else if (BibTexSchema.DateFields.TryGetValue(name, out var dateVariable) && !dates.ContainsKey(dateVariable))
            {
                dates[dateVariable] = ParseDate(value);
            }
            else
            {
                custom[name] = value;
            }
        }

        MapIssued(year, month, date, dates, custom);
        if (!variables.ContainsKey("DOI") && !custom.ContainsKey("doi"))
        {
            foreach (var carrier in DoiCarriers)
            {
                var found = FindField(fields, carrier) is { } carried ? FindDoi(carried) : null;
                if (found is not null)
                {
                    variables["DOI"] = found;
                    break;
                }
            }
        }

        if (BibTexSchema.UnmapType(cslType) != type)
        {
            custom.TryAdd(BibTexTypeField, type);
        }

        var reference = new Reference
        {
            Id = "",
            Type = cslType,
            Variables = variables.ToImmutable(),
            Names = names.ToImmutable(),
            Dates = dates.ToImmutable(),
            Custom = custom.ToImmutable(),
        };
        // Tags written literally in a value, with the decoder's own markup, are held to the same depth.
        reference = MarkupLimit.Cap(reference, LatexDecoder.MaxMarkupDepth, warnings, line, column, key);
        var id = UniqueId(reference, key, line, column, warnings);
        return ParsedRecord.Ok(reference with { Id = id }, line, column, [.. warnings]);
    }

    private string UniqueId(Reference reference, string? key, int line, int column, List<ParseDiagnostic> warnings)
    {
        var id = key;
        if (string.IsNullOrEmpty(id))
        {
            id = GenerateKey(reference);
            if (_ids.Contains(id))
            {
                id = Unique(id);
            }

            warnings.Add(new ParseDiagnostic(DiagnosticSeverity.Warning, $"Entry has no citation key; generated '{id}'", line, column));
        }
        else if (_ids.Contains(id))
        {
            var unique = Unique(id);
            warnings.Add(new ParseDiagnostic(DiagnosticSeverity.Warning, $"Duplicate key '{id}'; this entry is kept as '{unique}'", line, column, id));
            id = unique;
        }

        _ids.Add(id);
        return id;
    }

    private string Unique(string id)
    {
        // Remember where each key's numbering got to, so a key repeated n times costs n look-ups, not n squared.
        var n = _nextSuffix.TryGetValue(id, out var next) ? next : 2;
        string candidate;
        do
        {
            candidate = string.Create(CultureInfo.InvariantCulture, $"{id}-{n++}");
        }
        while (_ids.Contains(candidate));

        _nextSuffix[id] = n;
        return candidate;
    }

    /// <summary>A stable key from the first author (or editor) and the year: <c>khalili2016</c>, lower-case ASCII.</summary>
    internal static string GenerateKey(Reference reference)
    {
        var person = reference.Authors.FirstOrDefault(p => !p.IsOthers) ?? reference.GetNames("editor").FirstOrDefault(p => !p.IsOthers);
        var family = person?.Family ?? person?.Literal ?? "";
        var builder = new StringBuilder(family.Length + 4);
        foreach (var c in family)
        {
            LatexDecoder.AppendAsciiFold(builder, c);
        }

        if (builder.Length == 0)
        {
            builder.Append("anon");
        }

        if (reference.Year is { } year)
        {
            builder.Append(year.ToString(CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }

    private static bool IsDuplicate(List<RawField> fields, int index)
    {
        var name = fields[index].Name;
        for (var k = 0; k < index; k++)
        {
            if (ReferenceEquals(fields[k].Name, name) || fields[k].Name == name)
            {
                return true;
            }
        }

        return false;
    }

    private static string SpareName(ImmutableSortedDictionary<string, string>.Builder custom, string name)
    {
        for (var n = 2; ; n++)
        {
            var candidate = string.Create(CultureInfo.InvariantCulture, $"{name}-{n}");
            if (!custom.ContainsKey(candidate))
            {
                return candidate;
            }
        }
    }

    private static string? FindField(List<RawField> fields, string name)
    {
        foreach (var field in fields)
        {
            if (field.Name == name)
            {
                return field.Value;
            }
        }

        return null;
    }

    private static void SetOrKeep(
        ImmutableSortedDictionary<string, string>.Builder variables,
        ImmutableSortedDictionary<string, string>.Builder custom,
        string variable,
        string field,
        string raw,
        string decoded)
    {
        // A second field for the same variable (journal and journaltitle) is kept, not dropped.
        if (!variables.TryAdd(variable, decoded))
        {
            custom[field] = raw;
        }
    }

    /// <summary><c>97--111</c>, <c>97---111</c> and en/em dashes become the hyphen CSL expects.</summary>
    internal static string NormalizePages(string pages)
    {
        if (pages.AsSpan().IndexOfAny('\u2013', '\u2014') < 0 && !pages.Contains("--", StringComparison.Ordinal))
        {
            return pages;
        }

        var builder = new StringBuilder(pages.Length);
        for (var k = 0; k < pages.Length; k++)
        {
            var c = pages[k];
            if (c is '-' or '\u2013' or '\u2014')
            {
                builder.Append('-');
                while (k + 1 < pages.Length && pages[k + 1] is '-' or '\u2013' or '\u2014')
                {
                    k++;
                }

                continue;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>A DOI written inside a URL, a note or an eprint (<c>https://doi.org/...</c>, <c>doi:10...</c>), normalised.</summary>
    internal static string? FindDoi(string text)
    {
        if (Doi.TryParse(text, out var whole))
        {
            return whole.Value;
        }

        for (var at = text.IndexOf("10.", StringComparison.Ordinal); at >= 0; at = text.IndexOf("10.", at + 3, StringComparison.Ordinal))
        {
            if (at > 0 && char.IsAsciiDigit(text[at - 1]))
            {
                continue;
            }

            var end = at;
            while (end < text.Length && !char.IsWhiteSpace(text[end]) && text[end] is not ('}' or '{' or '"' or '<' or '>'))
            {
                end++;
            }

            if (Doi.TryParse(text[at..end], out var doi))
            {
                return doi.Value;
            }
        }

        return null;
    }

    private static void MapIssued(
        string? year,
        string? month,
        string? date,
        ImmutableSortedDictionary<string, DateValue>.Builder dates,
        ImmutableSortedDictionary<string, string>.Builder custom)
    {
        if (date is not null)
        {
            dates["issued"] = ParseDate(date);
            KeepIfSet(custom, "year", year);
            KeepIfSet(custom, "month", month);
            return;
        }

        if (year is null)
        {
            KeepIfSet(custom, "month", month);
            return;
        }

        if (!TryParseYear(year, out var y))
        {
            dates["issued"] = new DateValue { Raw = year };
            KeepIfSet(custom, "month", month);
            return;
        }

        if (month is null)
        {
            dates["issued"] = DateValue.FromParts(y);
        }
        else if (ParseMonth(month) is { } m)
        {
            dates["issued"] = DateValue.FromParts(y, m);
        }
        else
        {
            dates["issued"] = DateValue.FromParts(y);
            custom["month"] = month;
        }
    }

    private static void KeepIfSet(ImmutableSortedDictionary<string, string>.Builder custom, string name, string? value)
    {
        if (value is not null)
        {
            custom.TryAdd(name, value);
        }
    }

    private static bool TryParseYear(ReadOnlySpan<char> text, out int year)
    {
        year = 0;
        if (text.Length is < 1 or > 4)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        year = int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
        return year > 0;
    }

    /// <summary>A month as a number, a name, or an abbreviation (<c>3</c>, <c>March</c>, <c>mar</c>, <c>Mar.</c>).</summary>
    internal static int? ParseMonth(string text)
    {
        var span = text.AsSpan().Trim().TrimEnd('.');
        if (span.Length is 1 or 2 && int.TryParse(span, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number is >= 1 and <= 12 ? number : null;
        }

        for (var m = 0; m < 12; m++)
        {
            var name = BibTexSchema.MonthNames[m];
            if (span.Length >= 3 && span.Length <= name.Length && name.AsSpan(0, span.Length).Equals(span, StringComparison.OrdinalIgnoreCase))
            {
                return m + 1;
            }
        }

        return null;
    }

    /// <summary>A BibLaTeX date (<c>2016</c>, <c>2016-03</c>, <c>2016-03-01</c>, ranges with <c>/</c>); anything else kept raw.</summary>
    internal static DateValue ParseDate(string text)
    {
        var span = text.AsSpan().Trim();
        var slash = span.IndexOf('/');
        if (slash < 0)
        {
            return TryParseIso(span, out var single) ? new DateValue { Parts = [single] } : new DateValue { Raw = text };
        }

        if (TryParseIso(span[..slash], out var from) && TryParseIso(span[(slash + 1)..], out var to))
        {
            return new DateValue { Parts = [from, to] };
        }

        return new DateValue { Raw = text };
    }

    private static bool TryParseIso(ReadOnlySpan<char> text, out DatePart part)
    {
        part = new DatePart(0);
        Span<Range> pieces = stackalloc Range[4];
        var count = text.Split(pieces, '-');
        if (count is < 1 or > 3 || !TryParseYear(text[pieces[0]], out var year) || text[pieces[0]].Length != 4)
        {
            return false;
        }

        int? month = null, day = null;
        if (count >= 2)
        {
            if (text[pieces[1]].Length != 2 || !int.TryParse(text[pieces[1]], NumberStyles.None, CultureInfo.InvariantCulture, out var m) || m is < 1 or > 12)
            {
                return false;
            }

            month = m;
        }

        if (count == 3)
        {
            if (text[pieces[2]].Length != 2 || !int.TryParse(text[pieces[2]], NumberStyles.None, CultureInfo.InvariantCulture, out var d) || d is < 1 or > 31)
            {
                return false;
            }

            day = d;
        }

        part = new DatePart(year, month, day);
        return true;
    }
}

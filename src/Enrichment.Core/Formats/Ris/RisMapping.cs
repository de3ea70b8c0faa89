using System.Collections.Immutable;
using Enrichment.Core.Records;

namespace Enrichment.Core.Formats.Ris;

/// <summary>One tag line of an RIS record (continuation lines already joined), with the line it started on.</summary>
internal readonly record struct RisField(string Tag, string Value, int Line);

/// <summary>
/// RIS tags and CSL variables, both ways. Tags with no CSL variable are kept in <see cref="Reference.Custom"/>
/// as <c>ris:XX</c>; a repeated one, or a second value for a variable that holds one already, is appended
/// there with <see cref="CustomSeparator"/> (a newline) between values. Values of other tags never hold a
/// newline (their continuation lines are joined with a space), so the separator is unambiguous; a second
/// abstract (<c>N2</c> beside <c>AB</c>) may, and is written back one line per tag, which reads as the same text.
/// </summary>
internal static class RisMapping
{
    /// <summary>Between the values of a repeated tag kept in custom.</summary>
    public const string CustomSeparator = "\n";

    /// <summary>The prefix of custom keys that hold RIS tags with no CSL variable.</summary>
    public const string CustomPrefix = "ris:";

    // Name tags. The writer uses the first tag listed for a variable.
    private static readonly (string Tag, string Variable)[] NameTags =
    [
        ("AU", "author"), ("A1", "author"),
        ("A2", "editor"), ("ED", "editor"),
        ("A3", "collection-editor"),
        ("A4", "translator"),
    ];

    // Single-valued text tags, in the order the writer puts them. The writer uses the first tag listed for a variable.
    private static readonly (string Tag, string Variable)[] TextTags =
    [
        ("TI", "title"), ("T1", "title"),
        ("ST", "title-short"),
        ("T2", "container-title"), ("JF", "container-title"), ("JO", "container-title"),
        ("J2", "container-title-short"), ("JA", "container-title-short"), ("J1", "container-title-short"),
        ("T3", "collection-title"),
        ("VL", "volume"),
        ("IS", "issue"),
        ("ET", "edition"),
        ("NV", "number-of-volumes"),
        ("SE", "section"),
        ("PB", "publisher"),
        ("CY", "publisher-place"),
        ("DO", "DOI"),
        ("UR", "URL"),
        ("LA", "language"),
        ("AB", "abstract"), ("N2", "abstract"),
        ("CN", "call-number"),
        ("AN", "archive_location"),
        ("DB", "archive"),
        ("DP", "source"),
    ];

    // What the writer uses: the first tag listed for each variable, in table order.
    private static readonly (string Tag, string Variable)[] WrittenNameTags = [.. NameTags.DistinctBy(t => t.Variable)];
    private static readonly (string Tag, string Variable)[] WrittenTextTags = [.. TextTags.DistinctBy(t => t.Variable)];

    private static readonly Dictionary<string, string> NameVariableOf = NameTags.ToDictionary(t => t.Tag, t => t.Variable, StringComparer.Ordinal);
    private static readonly Dictionary<string, string> TextVariableOf = TextTags.ToDictionary(t => t.Tag, t => t.Variable, StringComparer.Ordinal);

    private static readonly HashSet<string> SpecialTags = new(StringComparer.Ordinal)
    {
        "TY", "ID", "ER", "PY", "Y1", "DA", "Y2", "SP", "EP", "SN", "KW", "N1", "BT",
    };

    private static readonly HashSet<string> BookLike = new(StringComparer.Ordinal)
    {
        "book", "chapter", "classic", "collection", "entry-dictionary", "entry-encyclopedia", "musical_score",
        "pamphlet", "paper-conference", "report", "thesis",
    };

    /// <summary>Whether a tag has a meaning of its own here (not kept in custom).</summary>
    public static bool IsKnownTag(string tag) =>
        SpecialTags.Contains(tag) || NameVariableOf.ContainsKey(tag) || TextVariableOf.ContainsKey(tag);

    /// <summary>Tags whose continuation lines are joined with a newline (prose) rather than a space.</summary>
    internal static bool IsProse(string tag) => tag is "AB" or "N1" or "N2";

    /// <summary>CSL variables the RIS writer carries; the rest of a record has no RIS tag.</summary>
    public static IReadOnlySet<string> CarriedVariables { get; } = TextTags.Select(t => t.Variable)
        .Concat(["page", "ISSN", "ISBN", "keyword", "note"]).ToHashSet(StringComparer.Ordinal);

    public static IReadOnlySet<string> CarriedNameVariables { get; } = NameTags.Select(t => t.Variable).ToHashSet(StringComparer.Ordinal);

    public static IReadOnlySet<string> CarriedDateVariables { get; } = new HashSet<string>(StringComparer.Ordinal) { "issued", "accessed" };

    /// <summary>Builds a record from the fields between <c>TY</c> and <c>ER</c>. Never throws on content.</summary>
    internal static Reference ToReference(RisField type, IReadOnlyList<RisField> fields, List<ParseDiagnostic> diagnostics)
    {
        var builder = new RecordBuilder(type, diagnostics);
        foreach (var field in fields)
        {
            builder.Add(field);
        }

        return builder.Build();
    }

    private sealed class RecordBuilder(RisField typeField, List<ParseDiagnostic> diagnostics)
    {
        private readonly Dictionary<string, string> _variables = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<PersonName>> _names = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<string>> _custom = new(StringComparer.Ordinal);
        private readonly List<string> _keywords = [];
        private readonly List<string> _notes = [];
        private readonly List<string> _serials = [];
        private string? _id;
        private string? _startPage;
        private string? _endPage;
        private (DateValue Date, RisField Field)? _year;
        private (DateValue Date, RisField Field)? _fullDate;
        private (DateValue Date, RisField Field)? _accessed;

        public void Add(RisField field)
        {
            var value = field.Value.Trim();
            if (value.Length == 0)
            {
                return;
            }

            if (NameVariableOf.TryGetValue(field.Tag, out var nameVariable))
            {
                if (RisValues.ParseName(value) is { } name)
                {
                    NamesOf(nameVariable).Add(name);
                }

                return;
            }

            if (TextVariableOf.TryGetValue(field.Tag, out var variable))
            {
                SetOnce(variable, value, field.Tag);
                return;
            }

            if (field.Tag == "BT")
            {
                // The RIS specification (and Zotero's importer): the primary title of a book or an unpublished
                // work, the title of the book a part belongs to (a chapter's book) for everything else.
                SetOnce(typeField.Value.Trim() is "BOOK" or "UNPB" ? "title" : "container-title", value, field.Tag);
                return;
            }

            switch (field.Tag)
            {
                case "ID":
                    if (_id is null)
                    {
                        _id = value;
                    }
                    else if (_id != value)
                    {
                        KeepInCustom(field.Tag, value);
                    }

                    break;
                case "PY":
                    SetDate(ref _year, field with { Value = value });
                    break;
                case "DA" or "Y1":
                    SetDate(ref _fullDate, field with { Value = value });
                    break;
                case "Y2":
                    SetDate(ref _accessed, field with { Value = value });
                    break;
                case "SP":
                    SetPage(ref _startPage, value, field.Tag);
                    break;
                case "EP":
                    SetPage(ref _endPage, value, field.Tag);
                    break;
                case "SN":
                    _serials.Add(value);
                    break;
                case "KW":
                    _keywords.Add(value);
                    break;
                case "N1":
                    _notes.Add(value);
                    break;
                default:
                    KeepInCustom(field.Tag, value);
                    break;
            }
        }

        private List<PersonName> NamesOf(string variable)
        {
            if (!_names.TryGetValue(variable, out var list))
            {
                _names[variable] = list = [];
            }

            return list;
        }

        private void SetOnce(string variable, string value, string tag)
        {
            if (!_variables.TryGetValue(variable, out var existing))
            {
                _variables[variable] = value;
            }
            else if (existing != value)
            {
                // A second, different value (JF beside T2, a second UR) is kept, not dropped.
                KeepInCustom(tag, value);
            }
        }

        private void SetPage(ref string? slot, string value, string tag)
        {
            if (slot is null)
            {
                slot = value;
            }
            else if (slot != value)
            {
                KeepInCustom(tag, value);
            }
        }

        private void SetDate(ref (DateValue Date, RisField Field)? slot, RisField field)
        {
            if (slot is null)
            {
                slot = (RisValues.ParseDate(field.Value), field);
            }
            else if (slot.Value.Field.Value != field.Value)
            {
                KeepInCustom(field.Tag, field.Value);
            }
        }

        private void KeepInCustom(string tag, string value)
        {
            if (!_custom.TryGetValue(tag, out var values))
            {
                _custom[tag] = values = [];
            }

            values.Add(value);
        }

        public Reference Build()
        {
            var sourceType = typeField.Value.Trim();
            var type = RisTypes.ToCsl(sourceType);
            if (type is null)
            {
                type = "article";
                if (sourceType.Length > 0)
                {
                    KeepInCustom("TY", sourceType);
                }

                diagnostics.Add(new ParseDiagnostic(DiagnosticSeverity.Warning, sourceType.Length == 0
                    ? "Empty RIS type: read as 'article'"
                    : $"Unknown RIS type '{sourceType}': read as 'article', the type kept in custom \"ris:TY\"", typeField.Line, 1));
            }
            else if (RisTypes.ToRis(type) != sourceType)
            {
                // EJOUR, INPR... read as a CSL type the writer would spell differently: keep the source's spelling.
                KeepInCustom("TY", sourceType);
            }

            if (_startPage is not null)
            {
                SetOnce("page", _endPage is null ? _startPage : $"{_startPage}-{_endPage}", "SP");
            }
            else if (_endPage is not null)
            {
                KeepInCustom("EP", _endPage);
            }

            foreach (var serial in _serials)
            {
                SetOnce(SerialKind(serial, type), serial, "SN");
            }

            if (_keywords.Count > 0)
            {
                // Keywords holding a comma are joined with "; " so the writer can split them again.
                var separator = _keywords.Any(k => k.Contains(',', StringComparison.Ordinal)) ? "; " : ", ";
                _variables["keyword"] = string.Join(separator, _keywords);
            }

            if (_notes.Count > 0)
            {
                _variables["note"] = string.Join('\n', _notes);
            }

            var dates = ImmutableSortedDictionary.CreateBuilder<string, DateValue>(StringComparer.Ordinal);
            if (IssuedDate() is { } issued)
            {
                dates["issued"] = issued;
            }

            if (_accessed is { } accessed)
            {
                dates["accessed"] = accessed.Date;
            }

            var reference = new Reference
            {
                Id = _id ?? "",
                Type = type,
                Variables = _variables.ToImmutableSortedDictionary(StringComparer.Ordinal),
                Names = _names.ToImmutableSortedDictionary(n => n.Key, n => n.Value.ToImmutableArray(), StringComparer.Ordinal),
                Dates = dates.ToImmutable(),
                Custom = _custom.ToImmutableSortedDictionary(
                    c => CustomPrefix + c.Key, c => string.Join(CustomSeparator, c.Value), StringComparer.Ordinal),
            };
            return reference;
        }

        /// <summary>PY gives the year, DA (or Y1) the full date: the full one wins when the years agree.</summary>
        private DateValue? IssuedDate()
        {
            if (_fullDate is not { } full)
            {
                return _year?.Date;
            }

            if (_year is not { } year)
            {
                return full.Date;
            }

            if (full.Date.Year is not null && (year.Date.Year is null || year.Date.Year == full.Date.Year))
            {
                if (year.Date.Year is null)
                {
                    KeepInCustom(year.Field.Tag, year.Field.Value);
                }

                return RisValues.Precision(year.Date) > RisValues.Precision(full.Date) ? year.Date : full.Date;
            }

            KeepInCustom(full.Field.Tag, full.Field.Value);
            return year.Date;
        }

        private static string SerialKind(string serial, string type)
        {
            var digits = serial.Count(c => char.IsAsciiDigit(c) || c is 'X' or 'x');
            return digits switch
            {
                8 => "ISSN",
                10 or 13 => "ISBN",
                _ => BookLike.Contains(type) ? "ISBN" : "ISSN",
            };
        }
    }

    /// <summary>The tag lines of a record, <c>TY</c> first, without <c>ER</c>. Variables with no RIS tag are left out.</summary>
    internal static List<(string Tag, string Value)> ToFields(Reference reference)
    {
        var fields = new List<(string Tag, string Value)>();
        var type = RisTypes.ToRis(reference.Type);
        if (reference.Custom.TryGetValue(CustomPrefix + "TY", out var sourceType)
            && (RisTypes.ToCsl(sourceType) ?? "article") == reference.Type)
        {
            type = sourceType;
        }

        fields.Add(("TY", type));
        if (reference.Id.Length > 0)
        {
            fields.Add(("ID", reference.Id));
        }

        foreach (var (tag, variable) in WrittenNameTags)
        {
            foreach (var name in reference.GetNames(variable))
            {
                if (RisValues.FormatName(name) is { Length: > 0 } text)
                {
                    fields.Add((tag, text));
                }
            }
        }

        if (reference.GetDate("issued") is { } issued)
        {
            var (year, full) = RisValues.FormatDate(issued);
            AddIfSet(fields, "PY", year);
            AddIfSet(fields, "DA", full);
        }

        if (reference.GetDate("accessed") is { } accessed)
        {
            var (year, full) = RisValues.FormatDate(accessed);
            AddIfSet(fields, "Y2", full ?? year);
        }

        foreach (var (tag, variable) in WrittenTextTags)
        {
            AddIfSet(fields, tag, reference.Get(variable));
        }

        if (reference.Get("page") is { } page)
        {
            var dash = page.IndexOf('-', StringComparison.Ordinal);
            if (dash > 0 && dash < page.Length - 1 && page.IndexOf('-', dash + 1) < 0)
            {
                fields.Add(("SP", page[..dash].Trim()));
                fields.Add(("EP", page[(dash + 1)..].Trim()));
            }
            else
            {
                fields.Add(("SP", page));
            }
        }

        AddIfSet(fields, "SN", reference.Get("ISBN"));
        AddIfSet(fields, "SN", reference.Get("ISSN"));
        if (reference.Get("keyword") is { } keywords)
        {
            var separator = keywords.Contains(';', StringComparison.Ordinal) ? ';' : ',';
            foreach (var keyword in keywords.Split(separator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                fields.Add(("KW", keyword));
            }
        }

        AddIfSet(fields, "N1", reference.Get("note"));
        if (WorkUpdates.Note(reference) is { } updates && WorkUpdates.WithNote(reference.Get("note"), updates) != reference.Get("note"))
        {
            // Retractions, corrections, expressions of concern: a note of their own, unless the source's note holds it already.
            fields.Add(("N1", updates));
        }

        foreach (var (key, value) in reference.Custom)
        {
            if (key.Length == CustomPrefix.Length + 2 && key.StartsWith(CustomPrefix, StringComparison.Ordinal)
                && key[^2..] is var tag && tag is not ("TY" or "ER")
                && char.IsAsciiLetterUpper(tag[0]) && (char.IsAsciiLetterUpper(tag[1]) || char.IsAsciiDigit(tag[1])))
            {
                foreach (var single in value.Split(CustomSeparator))
                {
                    fields.Add((tag, single));
                }
            }
        }

        return fields;
    }

    private static void AddIfSet(List<(string Tag, string Value)> fields, string tag, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            fields.Add((tag, value));
        }
    }
}

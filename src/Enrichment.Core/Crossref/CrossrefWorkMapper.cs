using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Enrichment.Core.Agencies;
using Enrichment.Core.Records;

using Enrichment.Core.Identifiers;

namespace Enrichment.Core.Crossref;

/// <summary>
/// Maps a Crossref work (<c>message</c> of <c>/works/{doi}</c>) to the canonical record: CSL variables where CSL
/// has one, <see cref="Reference.Custom"/> for the rest (print and electronic ISSN/ISBN, funders, subjects,
/// reference and cited-by counts, print date), so a reader of the record sees everything Crossref said that a
/// bibliography can use.
/// </summary>
public static class CrossrefWorkMapper
{
    /// <summary>Crossref's name lists and the CSL name variables they become.</summary>
    private static readonly (string Crossref, string Csl)[] NameLists =
    [
        ("author", "author"), ("editor", "editor"), ("translator", "translator"), ("chair", "chair"),
        ("contributor", "contributor"),
    ];

    public static Reference Map(JsonElement work)
    {
        if (work.ValueKind != JsonValueKind.Object)
        {
            throw new CrossrefResponseException($"Crossref work is not an object but {work.ValueKind}");
        }

        var doiText = Text(work, "DOI") ?? throw new CrossrefResponseException("Crossref work has no DOI");
        var doi = Doi.TryParse(doiText, out var parsed) ? parsed.Value : doiText.ToLowerInvariant();
        var reference = new Reference { Id = doi, Type = MapType(Text(work, "type"), Text(work, "subtype")) }
            .With("DOI", doi)
            .With("title", Title(work))
            .With("title-short", First(work, "short-title"))
            .With("original-title", First(work, "original-title"))
            .With("container-title", First(work, "container-title"))
            .With("container-title-short", First(work, "short-container-title"))
            .With("volume", Text(work, "volume"))
            .With("issue", Text(work, "issue"))
            .With("page", Text(work, "page"))
            .With("number", Text(work, "article-number"))
            .With("edition", Text(work, "edition-number"))
            .With("publisher", Text(work, "publisher"))
            .With("publisher-place", Text(work, "publisher-location"))
            .With("URL", Text(work, "URL"))
            .With("language", Text(work, "language"))
            .With("abstract", Jats.ToPlainText(Text(work, "abstract")))
            .With("license", License(work))
            .With("ISSN", ByKind(work, "issn-type", "ISSN").Preferred)
            .With("ISBN", ByKind(work, "isbn-type", "ISBN").Preferred)
            .With("event-title", Event(work, "name"))
            .With("event-place", Event(work, "location"))
            .WithDate("issued", Date(work, "issued"))
            .WithDate("available-date", Date(work, "published-online") ?? Date(work, "posted"))
            .WithDate("event-date", work.TryGetProperty("event", out var evt) ? Date(evt, "start") : null);

        foreach (var (crossrefName, cslName) in NameLists)
        {
            reference = reference.WithNames(cslName, Names(work, crossrefName));
        }

        reference = reference with { Updates = Updates(work, "updated-by"), UpdateTo = Updates(work, "update-to") };
        return AddCustom(reference, work);
    }

    private static Reference AddCustom(Reference reference, JsonElement work)
    {
        var issn = ByKind(work, "issn-type", "ISSN");
        var isbn = ByKind(work, "isbn-type", "ISBN");
        var custom = new (string Name, string? Value)[]
        {
            ("subtitle", Joined(work, "subtitle")),
            ("issn-print", issn.Print),
            ("issn-electronic", issn.Electronic),
            ("isbn-print", isbn.Print),
            ("isbn-electronic", isbn.Electronic),
            ("published-print", Date(work, "published-print")?.ToString()),
            ("published-online", Date(work, "published-online")?.ToString()),
            ("accepted", Date(work, "accepted")?.ToString()),
            ("funder", Funders(work)),
            ("subject", Joined(work, "subject")),
            ("institution", Institutions(work)),
            ("group-title", Text(work, "group-title")),
            ("description", Text(work, "description")),
            ("crossref-type", Text(work, "type")),
            ("crossref-subtype", Text(work, "subtype")),
            ("crossref-member", Text(work, "member")),
            ("reference-count", Number(work, "references-count") ?? Number(work, "reference-count")),
            ("cited-by-count", Number(work, "is-referenced-by-count")),
        };
        foreach (var (name, value) in custom)
        {
            if (!string.IsNullOrEmpty(value))
            {
                reference = reference.WithCustom(name, value);
            }
        }

        return reference;
    }

    /// <summary>Crossref work types to CSL 1.0.2 item types.</summary>
    internal static string MapType(string? crossrefType, string? subtype = null) => crossrefType switch
    {
        "journal-article" => "article-journal",
        "book-chapter" or "book-section" or "book-part" or "book-track" => "chapter",
        "book" or "monograph" or "edited-book" or "reference-book" or "book-set" or "book-series" => "book",
        "proceedings-article" => "paper-conference",
        "proceedings" or "proceedings-series" => "book",
        "dataset" or "database" => "dataset",
        "report" or "report-series" or "report-component" => "report",
        "dissertation" => "thesis",
        "posted-content" => "article",
        "reference-entry" => "entry",
        "peer-review" => "review",
        "standard" => "standard",
        "journal" or "journal-issue" or "journal-volume" => "periodical",
        "component" or "grant" or "other" => "document",
        _ => subtype == "preprint" ? "article" : "document",
    };

    /// <summary>Title and subtitle as a bibliography shows them: "Title: Subtitle".</summary>
    private static string? Title(JsonElement work) => WithSubtitle(First(work, "title"), First(work, "subtitle"));

    /// <summary>Title and subtitle as a bibliography shows them: "Title: Subtitle" (no colon after ?, !, : or .).</summary>
    internal static string? WithSubtitle(string? title, string? subtitle)
    {
        if (title is null || subtitle is null || title.Contains(subtitle, StringComparison.OrdinalIgnoreCase))
        {
            return title ?? subtitle;
        }

        var separator = title.EndsWith('?') || title.EndsWith('!') || title.EndsWith(':') || title.EndsWith('.') ? " " : ": ";
        return title + separator + subtitle;
    }

    private static string? License(JsonElement work)
    {
        if (!work.TryGetProperty("license", out var licenses) || licenses.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        // The version of record's licence is the one a reader of the published work is bound by.
        var urls = licenses.EnumerateArray().Where(l => l.ValueKind == JsonValueKind.Object).ToList();
        var vor = urls.FirstOrDefault(l => Text(l, "content-version") == "vor");
        return Text(vor.ValueKind == JsonValueKind.Object ? vor : urls.FirstOrDefault(), "URL");
    }

    private static string? Event(JsonElement work, string field) =>
        work.TryGetProperty("event", out var evt) && evt.ValueKind == JsonValueKind.Object ? Text(evt, field) : null;

    private readonly record struct Identifiers(string? Print, string? Electronic, string? Other)
    {
        public string? Preferred => Print ?? Electronic ?? Other;
    }

    /// <summary>ISSN or ISBN by kind from <c>issn-type</c>/<c>isbn-type</c>, falling back on the plain list.</summary>
    private static Identifiers ByKind(JsonElement work, string typedName, string plainName)
    {
        string? print = null, electronic = null;
        if (work.TryGetProperty(typedName, out var typed) && typed.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in typed.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.Object))
            {
                switch (Text(item, "type"))
                {
                    case "print":
                        print ??= Text(item, "value");
                        break;
                    case "electronic":
                        electronic ??= Text(item, "value");
                        break;
                }
            }
        }

        return new Identifiers(print, electronic, First(work, plainName));
    }

    private static string? Funders(JsonElement work)
    {
        if (!work.TryGetProperty("funder", out var funders) || funders.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var parts = new List<string>();
        foreach (var funder in funders.EnumerateArray().Where(f => f.ValueKind == JsonValueKind.Object))
        {
            var name = Text(funder, "name");
            if (name is null)
            {
                continue;
            }

            var awards = Strings(funder, "award").Where(a => !string.IsNullOrWhiteSpace(a)).Distinct(StringComparer.Ordinal).ToList();
            var id = Text(funder, "DOI");
            var text = new StringBuilder(name);
            if (id is not null)
            {
                text.Append(" <").Append(id).Append('>');
            }

            if (awards.Count > 0)
            {
                text.Append(" [").AppendJoin(", ", awards).Append(']');
            }

            parts.Add(text.ToString());
        }

        return parts.Count == 0 ? null : string.Join("; ", parts);
    }

    /// <summary>
    /// Crossref's <c>updated-by</c> or <c>update-to</c>: <c>[{"DOI", "type", "label", "source", "updated": {"date-parts"},
    /// "record-id"}]</c>. An entry without a type or a DOI says nothing and is skipped; the same entry twice is kept once;
    /// at most <see cref="WorkUpdates.MaxPerList"/> are read.
    /// </summary>
    private static ImmutableArray<WorkUpdate> Updates(JsonElement work, string name)
    {
        if (!work.TryGetProperty(name, out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var updates = new List<WorkUpdate>();
        foreach (var entry in list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object).Take(WorkUpdates.MaxPerList))
        {
            if (Text(entry, "type") is not { } type || Text(entry, "DOI") is not { } doiText || UpdateTypes.Normalize(type) is not { Length: > 0 } kind)
            {
                continue;
            }

            updates.Add(new WorkUpdate
            {
                Type = Bounded(kind)!,
                Doi = Doi.TryParse(doiText, out var doi) ? doi.Value : Bounded(doiText.ToLowerInvariant())!,
                Date = Date(entry, "updated")?.Parts[0],
                Source = Bounded(Text(entry, "source")),
                Label = Bounded(Text(entry, "label")),
                RecordId = Bounded(Text(entry, "record-id")),
            });
        }

        return WorkUpdates.Distinct(updates);
    }

    /// <summary>An update's words are short; a longer one is cut (it is Crossref's answer, but the record stores it).</summary>
    private static string? Bounded(string? text) => text is { Length: > 200 } ? text[..200] : text;

    private static string? Institutions(JsonElement work)
    {
        if (!work.TryGetProperty("institution", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var names = list.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.Object).Select(i => Text(i, "name")).OfType<string>().ToList();
        return names.Count == 0 ? null : string.Join("; ", names);
    }

    private static string? Text(JsonElement element, string name) => JsonRead.Text(element, name);

    private static string? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            ? value.GetRawText()
            : null;

    private static IEnumerable<string> Strings(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => CslText(v.GetString()!))
            : [];

    /// <summary>
    /// A Crossref text value as CSL-JSON field text. Crossref deposits keep the XML's layout, so titles carry
    /// newlines and indentation around inline tags; in running text every run of layout whitespace (spaces,
    /// tabs, line breaks) is one space (a citation never shows a line break from the data). Typographic
    /// spaces (no-break, thin) are the author's and stay. JATS <c>&lt;scp&gt;</c> (small caps) becomes the CSL
    /// rich-text small-caps span; other tags (<c>&lt;i&gt;</c>, <c>&lt;sub&gt;</c>...) are already CSL's.
    /// </summary>
    internal static string CslText(string value)
    {
        var text = new StringBuilder(value.Length);
        var pendingSpace = false;
        foreach (var c in value)
        {
            if (c is ' ' or '\t' or '\n' or '\r' or '\f' or '\v' or '\u0085' or '\u2028' or '\u2029')
            {
                pendingSpace = text.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                text.Append(' ');
                pendingSpace = false;
            }

            text.Append(c);
        }

        return text
            .Replace("<scp>", "<span style=\"font-variant:small-caps;\">")
            .Replace("</scp>", "</span>")
            .ToString();
    }

    private static string? First(JsonElement element, string name) =>
        Strings(element, name).FirstOrDefault(s => s.Length > 0);

    private static string? Joined(JsonElement element, string name)
    {
        var values = Strings(element, name).Where(s => s.Length > 0).ToList();
        return values.Count == 0 ? null : string.Join("; ", values);
    }

    private static ImmutableArray<PersonName> Names(JsonElement work, string name)
    {
        if (!work.TryGetProperty(name, out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var names = ImmutableArray.CreateBuilder<PersonName>();
        foreach (var entry in list.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.Object))
        {
            var affiliations = entry.TryGetProperty("affiliation", out var affs) && affs.ValueKind == JsonValueKind.Array
                ? affs.EnumerateArray().Select(a => Text(a, "name")).OfType<string>().ToImmutableArray()
                : [];
            var orcid = Orcid(Text(entry, "ORCID"));
            if (Text(entry, "family") is { } family)
            {
                names.Add(new PersonName
                {
                    Family = family,
                    Given = Text(entry, "given"),
                    Suffix = Text(entry, "suffix"),
                    Orcid = orcid,
                    Affiliations = affiliations,
                });
            }
            else if ((Text(entry, "name") ?? Text(entry, "given")) is { } literal)
            {
                // An organisation (or a mononym): kept whole.
                names.Add(new PersonName { Literal = literal, Orcid = orcid, Affiliations = affiliations });
            }
        }

        return names.ToImmutable();
    }

    /// <summary>ORCID iDs as https URLs; Crossref sends <c>http://orcid.org/...</c>.</summary>
    internal static string? Orcid(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var id = text.Trim();
        foreach (var prefix in new[] { "https://orcid.org/", "http://orcid.org/", "orcid.org/" })
        {
            if (id.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                id = id[prefix.Length..];
                break;
            }
        }

        return id.Length == 19 ? "https://orcid.org/" + id.ToUpperInvariant() : text.Trim();
    }

    private static DateValue? Date(JsonElement work, string name)
    {
        if (work.ValueKind != JsonValueKind.Object || !work.TryGetProperty(name, out var date)
            || date.ValueKind != JsonValueKind.Object || !date.TryGetProperty("date-parts", out var parts)
            || parts.ValueKind != JsonValueKind.Array || parts.GetArrayLength() == 0)
        {
            return null;
        }

        var first = parts[0];
        if (first.ValueKind != JsonValueKind.Array || first.GetArrayLength() == 0 || PartAt(first, 0) is not { } year)
        {
            return null;
        }

        var month = PartAt(first, 1) is { } m and >= 1 and <= 12 ? m : (int?)null;
        var day = month is null ? null : PartAt(first, 2) is { } d and >= 1 and <= 31 ? d : (int?)null;
        return DateValue.FromParts(year, month, day);
    }

    /// <summary>A date part: a number, or (as some deposits have) a numeric string.</summary>
    private static int? PartAt(JsonElement parts, int index)
    {
        if (parts.GetArrayLength() <= index)
        {
            return null;
        }

        var part = parts[index];
        return part.ValueKind switch
        {
            JsonValueKind.Number when part.TryGetInt32(out var n) => n,
            JsonValueKind.String when int.TryParse(part.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
            _ => null,
        };
    }
}

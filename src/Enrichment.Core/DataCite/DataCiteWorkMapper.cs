using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Enrichment.Core.Agencies;
using Enrichment.Core.Crossref;
using Enrichment.Core.Identifiers;
using Enrichment.Core.Records;

namespace Enrichment.Core.DataCite;

/// <summary>
/// Maps a DataCite DOI (<c>data.attributes</c> of <c>/dois/{doi}</c>, metadata schema 2.x to 4.x) to the canonical
/// record: creators and editors with their ORCID iDs and affiliations, titles with subtitles, the type from
/// <c>resourceTypeGeneral</c> (and, for <c>Text</c>, the free-text <c>resourceType</c>), publisher, year and dates,
/// version, container, the journal and published version that related identifiers name, rights, abstract, subjects
/// as keywords, funders and identifiers. What CSL has no variable for goes to <see cref="Reference.Custom"/>.
/// </summary>
public static partial class DataCiteWorkMapper
{
    /// <summary>
    /// Related identifiers that name the published version of this work (a preprint's or a deposit's journal
    /// article): reported as <see cref="PublishedDoiField"/>. Zenodo's "concept" DOI is an IsVersionOf too, but
    /// under the deposit's own prefix: a related DOI under the same prefix is never taken as the published version.
    /// </summary>
    private static readonly string[] PublishedVersionRelations = ["IsVersionOf", "IsPreviousVersionOf", "IsPreprintOf"];

    /// <summary>The custom field holding the DOI of the work's published version, when DataCite names one.</summary>
    public const string PublishedDoiField = "published-doi";

    public static Reference Map(JsonElement attributes)
    {
        if (attributes.ValueKind != JsonValueKind.Object)
        {
            throw new CrossrefResponseException($"DataCite DOI is not an object but {attributes.ValueKind}");
        }

        var doiText = JsonRead.Text(attributes, "doi") ?? throw new CrossrefResponseException("DataCite DOI has no doi");
        var doi = Doi.TryParse(doiText, out var parsed) ? parsed : default;
        var doiValue = doi.Value ?? doiText.ToLowerInvariant();
        var types = attributes.TryGetProperty("types", out var t) && t.ValueKind == JsonValueKind.Object ? t : default;
        var container = attributes.TryGetProperty("container", out var c) && c.ValueKind == JsonValueKind.Object ? c : default;
        var series = JsonRead.Text(container, "type") is { } containerType && containerType.Contains("Series", StringComparison.OrdinalIgnoreCase);
        var journal = Journal(attributes);
        var (issued, otherDates) = Dates(attributes);

        var reference = new Reference { Id = doiValue, Type = MapType(JsonRead.Text(types, "resourceTypeGeneral"), JsonRead.Text(types, "resourceType")) }
            .With("DOI", doiValue)
            .With("title", Title(attributes))
            .With("genre", Collapse(JsonRead.Text(types, "resourceType")))
            .With("publisher", Publisher(attributes))
            .With("version", JsonRead.Text(attributes, "version"))
            .With("language", JsonRead.Text(attributes, "language"))
            .With("URL", JsonRead.Text(attributes, "url"))
            .With("abstract", Abstract(attributes))
            .With("keyword", Subjects(attributes))
            .With("license", Rights(attributes))
            .With("container-title", series ? null : JsonRead.Text(container, "title") ?? journal.Title)
            .With("collection-title", series ? JsonRead.Text(container, "title") : null)
            .With("volume", series ? null : JsonRead.Text(container, "volume"))
            .With("collection-number", series ? JsonRead.Text(container, "volume") : null)
            .With("issue", series ? null : JsonRead.Text(container, "issue"))
            .With("page", series ? null : Pages(container))
            .With("ISSN", journal.Issn)
            .With("ISBN", AlternateIdentifier(attributes, "ISBN"))
            .With("PMID", AlternateIdentifier(attributes, "PMID"))
            .With("PMCID", AlternateIdentifier(attributes, "PMCID"))
            .WithDate("issued", issued)
            .WithDate("available-date", otherDates.TryGetValue("Available", out var available) ? ParseDate(available) : null)
            .WithNames("author", Names(Objects(attributes, "creators")))
            .WithNames("editor", Names(Objects(attributes, "contributors").Where(n => JsonRead.Text(n, "contributorType") == "Editor")))
            .WithNames("contributor", Names(Objects(attributes, "contributors").Where(n => JsonRead.Text(n, "contributorType") is not "Editor")));

        var custom = new (string Name, string? Value)[]
        {
            (PublishedDoiField, PublishedVersion(attributes, doi)),
            ("translated-title", TitleOf(attributes, "TranslatedTitle")),
            ("alternative-title", TitleOf(attributes, "AlternativeTitle")),
            ("datacite-resource-type-general", JsonRead.Text(types, "resourceTypeGeneral")),
            ("publication-year", JsonRead.Text(attributes, "publicationYear")),
            ("series-information", Description(attributes, "SeriesInformation")),
            ("funder", Funders(attributes)),
            ("format", Joined(attributes, "formats")),
            ("size", Joined(attributes, "sizes")),
        };
        foreach (var (name, value) in custom.Concat(otherDates.Select(d => ("date-" + d.Key.ToLowerInvariant(), (string?)d.Value))))
        {
            if (!string.IsNullOrEmpty(value))
            {
                reference = reference.WithCustom(name, value);
            }
        }

        return reference;
    }

    /// <summary>
    /// DataCite's <c>resourceTypeGeneral</c> to a CSL 1.0.2 item type. <c>Text</c> (and a missing general type) is
    /// told apart by the free-text <c>resourceType</c>: "Journal Article" is an article-journal, "Thesis" a thesis...
    /// </summary>
    internal static string MapType(string? general, string? specific) => general switch
    {
        "Dataset" => "dataset",
        "DataPaper" or "JournalArticle" => "article-journal",
        "Software" or "ComputationalNotebook" or "Workflow" => "software",
        "Preprint" => "article",
        "Book" or "ConferenceProceeding" => "book",
        "BookChapter" => "chapter",
        "ConferencePaper" => "paper-conference",
        "Dissertation" => "thesis",
        "Report" => "report",
        "Standard" => "standard",
        "PeerReview" => "review",
        "Journal" => "periodical",
        "Audiovisual" => "motion_picture",
        "Sound" => "song",
        "Image" => "graphic",
        "Collection" => "collection",
        "Event" => "event",
        "InteractiveResource" => "webpage",
        "Text" or null => TextType(specific),
        _ => "document",
    };

    /// <summary>The free-text resource type of a <c>Text</c>, read by its words (spaces and case ignored).</summary>
    private static string TextType(string? specific)
    {
        var key = new string([.. (specific ?? "").Where(char.IsLetter)]).ToLowerInvariant();
        return key switch
        {
            "journalarticle" or "article" or "scholarlyarticle" or "researcharticle" => "article-journal",
            "preprint" or "workingpaper" => "article",
            "conferencepaper" or "conferencecontribution" => "paper-conference",
            "book" or "monograph" or "monographiemonograph" or "monographie" => "book",
            "bookchapter" or "chapter" or "booksection" => "chapter",
            "thesis" or "dissertation" or "doctoralthesis" or "masterthesis" or "mastersthesis" => "thesis",
            "report" or "technicalreport" => "report",
            _ => "document",
        };
    }

    /// <summary>The main title (one without a titleType), with its subtitle.</summary>
    private static string? Title(JsonElement attributes)
    {
        var main = Objects(attributes, "titles").FirstOrDefault(t => JsonRead.Text(t, "titleType") is null);
        var title = main.ValueKind == JsonValueKind.Object ? Collapse(JsonRead.Text(main, "title")) : null;
        return CrossrefWorkMapper.WithSubtitle(title ?? TitleOf(attributes, "AlternativeTitle"), TitleOf(attributes, "Subtitle"));
    }

    private static string? TitleOf(JsonElement attributes, string titleType) =>
        Collapse(Objects(attributes, "titles").Where(t => JsonRead.Text(t, "titleType") == titleType)
            .Select(t => JsonRead.Text(t, "title")).OfType<string>().FirstOrDefault());

    /// <summary>A string, or (schema 4.5, <c>?publisher=true</c>) an object with a <c>name</c>.</summary>
    private static string? Publisher(JsonElement attributes) =>
        attributes.TryGetProperty("publisher", out var publisher) && publisher.ValueKind == JsonValueKind.Object
            ? JsonRead.Text(publisher, "name")
            : JsonRead.Text(attributes, "publisher");

    /// <summary>The abstract: the <c>Abstract</c> description, else the first <c>Other</c> one.</summary>
    private static string? Abstract(JsonElement attributes) =>
        Description(attributes, "Abstract") ?? Description(attributes, "Other");

    private static string? Description(JsonElement attributes, string descriptionType) =>
        Objects(attributes, "descriptions").Where(d => JsonRead.Text(d, "descriptionType") == descriptionType)
            .Select(d => JsonRead.Text(d, "description")).OfType<string>().FirstOrDefault();

    /// <summary>Subjects as CSL keywords: distinct, in order, comma-separated.</summary>
    private static string? Subjects(JsonElement attributes)
    {
        var subjects = Objects(attributes, "subjects").Select(s => Collapse(JsonRead.Text(s, "subject"))).OfType<string>()
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return subjects.Count == 0 ? null : string.Join(", ", subjects);
    }

    /// <summary>The licence: the first rights entry's URI, else its words.</summary>
    private static string? Rights(JsonElement attributes)
    {
        var rights = Objects(attributes, "rightsList").ToList();
        return rights.Select(r => JsonRead.Text(r, "rightsUri")).OfType<string>().FirstOrDefault()
            ?? rights.Select(r => JsonRead.Text(r, "rights")).OfType<string>().FirstOrDefault();
    }

    private static string? Pages(JsonElement container)
    {
        var first = JsonRead.Text(container, "firstPage");
        var last = JsonRead.Text(container, "lastPage");
        return first is null ? null : last is null || last == first ? first : $"{first}-{last}";
    }

    /// <summary>The journal a related identifier names: an ISSN the work IsPartOf or IsPublishedIn, and its title if given.</summary>
    private static (string? Title, string? Issn) Journal(JsonElement attributes)
    {
        var related = Objects(attributes, "relatedIdentifiers")
            .Where(r => JsonRead.Text(r, "relationType") is "IsPartOf" or "IsPublishedIn")
            .Where(r => JsonRead.Text(r, "relatedIdentifierType") is "ISSN" or "EISSN")
            .ToList();
        var issn = related.Select(r => JsonRead.Text(r, "relatedIdentifier")).OfType<string>().FirstOrDefault();
        var title = related.Select(r => JsonRead.Text(r, "relatedItemTitle") ?? JsonRead.Text(r, "title")).OfType<string>().FirstOrDefault();
        return (title, issn);
    }

    /// <summary>The published version's DOI (lowercase), from IsVersionOf / IsPreviousVersionOf under another prefix.</summary>
    private static string? PublishedVersion(JsonElement attributes, Doi doi)
    {
        foreach (var related in Objects(attributes, "relatedIdentifiers"))
        {
            if (JsonRead.Text(related, "relatedIdentifierType") == "DOI"
                && PublishedVersionRelations.Contains(JsonRead.Text(related, "relationType"))
                && Doi.TryParse(JsonRead.Text(related, "relatedIdentifier"), out var other)
                && other.Prefix != doi.Prefix)
            {
                return other.Value;
            }
        }

        return null;
    }

    private static string? AlternateIdentifier(JsonElement attributes, string type) =>
        Objects(attributes, "alternateIdentifiers").Concat(Objects(attributes, "identifiers"))
            .Where(i => string.Equals(JsonRead.Text(i, "alternateIdentifierType") ?? JsonRead.Text(i, "identifierType"), type, StringComparison.OrdinalIgnoreCase))
            .Select(i => JsonRead.Text(i, "alternateIdentifier") ?? JsonRead.Text(i, "identifier")).OfType<string>().FirstOrDefault();

    private static string? Funders(JsonElement attributes)
    {
        var parts = new List<string>();
        foreach (var funder in Objects(attributes, "fundingReferences"))
        {
            if (JsonRead.Text(funder, "funderName") is not { } name)
            {
                continue;
            }

            var text = new StringBuilder(name);
            if (JsonRead.Text(funder, "funderIdentifier") is { } id)
            {
                text.Append(" <").Append(id).Append('>');
            }

            if (JsonRead.Text(funder, "awardNumber") is { } award)
            {
                text.Append(" [").Append(award).Append(']');
            }

            parts.Add(text.ToString());
        }

        return parts.Count == 0 ? null : string.Join("; ", parts.Distinct(StringComparer.Ordinal));
    }

    private static string? Joined(JsonElement attributes, string name)
    {
        if (!attributes.TryGetProperty(name, out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var values = list.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String)
            .Select(v => Collapse(v.GetString())).OfType<string>().ToList();
        return values.Count == 0 ? null : string.Join("; ", values);
    }

    /// <summary>
    /// The issued date: the <c>Issued</c> date when it reads and agrees with <c>publicationYear</c>, else the year
    /// alone. Every other date is returned by type, as written (trimmed), for the custom fields.
    /// </summary>
    private static (DateValue? Issued, Dictionary<string, string> Others) Dates(JsonElement attributes)
    {
        var others = new Dictionary<string, string>(StringComparer.Ordinal);
        DateValue? issued = null;
        foreach (var date in Objects(attributes, "dates"))
        {
            if (Collapse(JsonRead.Text(date, "date")) is not { } text || JsonRead.Text(date, "dateType") is not { } type)
            {
                continue;
            }

            if (type == "Issued")
            {
                issued ??= ParseDate(text);
            }
            else
            {
                others.TryAdd(type, text);
            }
        }

        var year = int.TryParse(JsonRead.Text(attributes, "publicationYear"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var y) ? y : (int?)null;
        if (year is { } published && issued?.Year != published)
        {
            issued = DateValue.FromParts(published);
        }

        return (issued, others);
    }

    /// <summary>An ISO date or its start (<c>2013</c>, <c>1995-12</c>, <c>2016-08-10T00:00:00</c>, a range's first half).</summary>
    internal static DateValue? ParseDate(string? text)
    {
        if (text is null || IsoDate().Match(text.Trim()) is not { Success: true } match)
        {
            return null;
        }

        var year = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        int? month = match.Groups[2].Success ? int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) : null;
        int? day = match.Groups[3].Success ? int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture) : null;
        month = month is >= 1 and <= 12 ? month : null;
        day = month is not null && day is >= 1 and <= 31 ? day : null;
        return DateValue.FromParts(year, month, day);
    }

    [GeneratedRegex(@"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:$|[T/ ])", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex IsoDate();

    private static ImmutableArray<PersonName> Names(IEnumerable<JsonElement> entries)
    {
        var names = ImmutableArray.CreateBuilder<PersonName>();
        foreach (var entry in entries)
        {
            var affiliations = Affiliations(entry);
            var orcid = Orcid(entry);
            var family = JsonRead.Text(entry, "familyName");
            var name = Collapse(JsonRead.Text(entry, "name"));
            if (JsonRead.Text(entry, "nameType") != "Organizational" && family is not null)
            {
                names.Add(new PersonName { Family = family, Given = JsonRead.Text(entry, "givenName"), Orcid = orcid, Affiliations = affiliations });
            }
            else if (name is not null)
            {
                // An organisation, or a person DataCite holds only as one string: kept whole, never split by guess.
                names.Add(new PersonName { Literal = name, Orcid = orcid, Affiliations = affiliations });
            }
        }

        return names.ToImmutable();
    }

    /// <summary>Affiliations: strings (the default answer) or objects with a <c>name</c> (<c>?affiliation=true</c>).</summary>
    private static ImmutableArray<string> Affiliations(JsonElement entry)
    {
        if (!entry.TryGetProperty("affiliation", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        return [.. list.EnumerateArray()
            .Select(a => a.ValueKind == JsonValueKind.String ? JsonRead.NullIfBlank(a.GetString()) : JsonRead.Text(a, "name"))
            .OfType<string>()];
    }

    /// <summary>The ORCID iD among a name's identifiers, as an https URL; a bare scheme URI with no iD is none.</summary>
    private static string? Orcid(JsonElement entry)
    {
        foreach (var id in Objects(entry, "nameIdentifiers"))
        {
            var scheme = JsonRead.Text(id, "nameIdentifierScheme");
            var value = JsonRead.Text(id, "nameIdentifier");
            if (value is not null && (string.Equals(scheme, "ORCID", StringComparison.OrdinalIgnoreCase) || value.Contains("orcid.org/", StringComparison.OrdinalIgnoreCase))
                && CrossrefWorkMapper.Orcid(value) is { } orcid && orcid.StartsWith("https://orcid.org/", StringComparison.Ordinal) && orcid.Length == 37)
            {
                return orcid;
            }
        }

        return null;
    }

    private static IEnumerable<JsonElement> Objects(JsonElement element, string name) => JsonRead.Objects(element, name);

    /// <summary>Runs of white space (DataCite keeps the XML's line breaks and indentation) as one space.</summary>
    private static string? Collapse(string? text) =>
        text is null ? null : JsonRead.NullIfBlank(string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));
}

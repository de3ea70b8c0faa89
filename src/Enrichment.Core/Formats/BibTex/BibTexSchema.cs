using System.Collections.Frozen;

namespace Enrichment.Core.Formats.BibTex;

/// <summary>How a BibTeX field's text is read.</summary>
internal enum TextKind
{
    /// <summary>LaTeX decoded, braces removed.</summary>
    Plain,

    /// <summary>LaTeX decoded; capitals protected by inner braces marked as nocase spans.</summary>
    Title,

    /// <summary>Kept as written (URLs).</summary>
    Verbatim,
}

/// <summary>The correspondence between BibTeX/BibLaTeX and CSL: entry types and fields, both ways.</summary>
internal static class BibTexSchema
{
    /// <summary>BibTeX and BibLaTeX entry types to CSL types.</summary>
    public static readonly FrozenDictionary<string, string> ToCslType = new Dictionary<string, string>
    {
        ["article"] = "article-journal", ["book"] = "book", ["mvbook"] = "book", ["inbook"] = "chapter",
        ["bookinbook"] = "chapter", ["suppbook"] = "chapter", ["booklet"] = "pamphlet", ["collection"] = "book",
        ["mvcollection"] = "book", ["incollection"] = "chapter", ["suppcollection"] = "chapter",
        ["dataset"] = "dataset", ["manual"] = "report", ["misc"] = "document", ["online"] = "webpage",
        ["electronic"] = "webpage", ["www"] = "webpage", ["patent"] = "patent", ["periodical"] = "periodical",
        ["suppperiodical"] = "article-journal", ["proceedings"] = "book", ["mvproceedings"] = "book",
        ["inproceedings"] = "paper-conference", ["conference"] = "paper-conference", ["reference"] = "book",
        ["mvreference"] = "book", ["inreference"] = "entry-encyclopedia", ["report"] = "report",
        ["techreport"] = "report", ["software"] = "software", ["thesis"] = "thesis", ["mastersthesis"] = "thesis",
        ["phdthesis"] = "thesis", ["unpublished"] = "manuscript", ["standard"] = "standard",
        ["letter"] = "personal_communication", ["review"] = "review", ["artwork"] = "graphic", ["image"] = "graphic",
        ["audio"] = "song", ["music"] = "song", ["video"] = "motion_picture", ["movie"] = "motion_picture",
        ["jurisdiction"] = "legal_case", ["legislation"] = "legislation", ["legal"] = "treaty",
        ["performance"] = "performance", ["set"] = "document", ["xdata"] = "document",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>CSL types to the BibTeX type the writer uses; anything else is written as @misc.</summary>
    public static readonly FrozenDictionary<string, string> FromCslType = new Dictionary<string, string>
    {
        ["article-journal"] = "article", ["article-magazine"] = "article", ["article-newspaper"] = "article",
        ["article"] = "article", ["book"] = "book", ["chapter"] = "incollection", ["pamphlet"] = "booklet",
        ["dataset"] = "dataset", ["report"] = "report", ["document"] = "misc", ["webpage"] = "online",
        ["post-weblog"] = "online", ["post"] = "online", ["patent"] = "patent", ["periodical"] = "periodical",
        ["paper-conference"] = "inproceedings", ["entry-encyclopedia"] = "inreference",
        ["entry-dictionary"] = "inreference", ["entry"] = "inreference", ["thesis"] = "thesis",
        ["standard"] = "standard", ["software"] = "software", ["manuscript"] = "unpublished",
        ["personal_communication"] = "letter", ["review"] = "review", ["review-book"] = "review",
        ["graphic"] = "artwork", ["song"] = "audio", ["motion_picture"] = "video", ["legal_case"] = "jurisdiction",
        ["legislation"] = "legislation", ["bill"] = "legislation", ["treaty"] = "legal", ["performance"] = "performance",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Text fields: BibTeX name to CSL variable and how the text is read.</summary>
    public static readonly FrozenDictionary<string, (string Variable, TextKind Kind)> TextFields =
        new Dictionary<string, (string, TextKind)>
        {
            ["title"] = ("title", TextKind.Title), ["shorttitle"] = ("title-short", TextKind.Title),
            ["journal"] = ("container-title", TextKind.Title), ["journaltitle"] = ("container-title", TextKind.Title),
            ["booktitle"] = ("container-title", TextKind.Title), ["series"] = ("collection-title", TextKind.Title),
            ["shortjournal"] = ("container-title-short", TextKind.Title), ["eventtitle"] = ("event-title", TextKind.Title),
            ["origtitle"] = ("original-title", TextKind.Title),
            ["volume"] = ("volume", TextKind.Plain), ["volumes"] = ("number-of-volumes", TextKind.Plain),
            ["edition"] = ("edition", TextKind.Plain), ["pagetotal"] = ("number-of-pages", TextKind.Plain),
            ["chapter"] = ("chapter-number", TextKind.Plain), ["publisher"] = ("publisher", TextKind.Plain),
            ["institution"] = ("publisher", TextKind.Plain), ["school"] = ("publisher", TextKind.Plain),
            ["address"] = ("publisher-place", TextKind.Plain), ["location"] = ("publisher-place", TextKind.Plain),
            ["isbn"] = ("ISBN", TextKind.Plain), ["issn"] = ("ISSN", TextKind.Plain),
            ["url"] = ("URL", TextKind.Verbatim), ["abstract"] = ("abstract", TextKind.Plain),
            ["keywords"] = ("keyword", TextKind.Plain), ["language"] = ("language", TextKind.Plain),
            ["note"] = ("note", TextKind.Plain), ["annote"] = ("annote", TextKind.Plain),
            ["annotation"] = ("annote", TextKind.Plain), ["version"] = ("version", TextKind.Plain),
            ["type"] = ("genre", TextKind.Plain), ["venue"] = ("event-place", TextKind.Plain),
            ["pubstate"] = ("status", TextKind.Plain), ["issue"] = ("issue", TextKind.Plain),
            ["pmid"] = ("PMID", TextKind.Plain), ["pmcid"] = ("PMCID", TextKind.Plain),
        }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>CSL variable to the BibTeX field the writer uses (the type-dependent ones are chosen in the writer).</summary>
    public static readonly FrozenDictionary<string, string> FieldForVariable = new Dictionary<string, string>
    {
        ["title"] = "title", ["title-short"] = "shorttitle", ["collection-title"] = "series",
        ["container-title-short"] = "shortjournal", ["event-title"] = "eventtitle", ["original-title"] = "origtitle",
        ["volume"] = "volume", ["number-of-volumes"] = "volumes", ["edition"] = "edition",
        ["number-of-pages"] = "pagetotal", ["chapter-number"] = "chapter", ["publisher"] = "publisher",
        ["publisher-place"] = "address", ["ISBN"] = "isbn", ["ISSN"] = "issn", ["URL"] = "url",
        ["abstract"] = "abstract", ["keyword"] = "keywords", ["language"] = "language", ["note"] = "note",
        ["annote"] = "annote", ["version"] = "version", ["genre"] = "type", ["event-place"] = "venue",
        ["status"] = "pubstate", ["PMID"] = "pmid", ["PMCID"] = "pmcid", ["DOI"] = "doi", ["page"] = "pages",
        ["number"] = "number", ["collection-number"] = "number",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Name fields: BibTeX name to CSL name variable (plus any field named after a CSL name variable).</summary>
    public static readonly FrozenDictionary<string, string> NameFields = new Dictionary<string, string>
    {
        ["author"] = "author", ["editor"] = "editor", ["translator"] = "translator", ["bookauthor"] = "container-author",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static readonly FrozenDictionary<string, string> FieldForNameVariable =
        NameFields.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    /// <summary>Date fields other than year/month/date (which make <c>issued</c>).</summary>
    public static readonly FrozenDictionary<string, string> DateFields = new Dictionary<string, string>
    {
        ["urldate"] = "accessed", ["eventdate"] = "event-date", ["origdate"] = "original-date",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static readonly FrozenDictionary<string, string> FieldForDateVariable =
        DateFields.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    /// <summary>Title-like CSL variables: the ones whose case a style may change.</summary>
    public static bool IsTitleLike(string variable) =>
        variable is "title" or "title-short" or "container-title" or "collection-title" or "container-title-short"
            or "event-title" or "original-title";

    /// <summary>CSL types whose <c>number</c> field is an issue number.</summary>
    public static bool IsSerialPart(string cslType) =>
        cslType is "article-journal" or "article-magazine" or "article-newspaper" or "article" or "periodical" or "review";

    /// <summary>CSL types whose container is a journal (<c>journal</c>) rather than a book (<c>booktitle</c>).</summary>
    public static bool HasJournal(string cslType) =>
        cslType is "article-journal" or "article-magazine" or "article-newspaper" or "article" or "review";

    /// <summary>CSL types whose <c>number</c> field, beside a <c>series</c>, numbers the volume in its series.</summary>
    public static bool IsBookLike(string cslType) =>
        cslType is "book" or "chapter" or "paper-conference" or "entry-encyclopedia" or "pamphlet" or "thesis";

    public static string MapType(string bibType) =>
        ToCslType.TryGetValue(bibType, out var csl) ? csl : "document";

    public static string UnmapType(string cslType) =>
        FromCslType.TryGetValue(cslType, out var bib) ? bib : "misc";

    public static readonly string[] MonthMacros = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    public static readonly string[] MonthNames =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
}

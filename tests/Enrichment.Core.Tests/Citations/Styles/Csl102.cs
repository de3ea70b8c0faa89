namespace Enrichment.Core.Tests.Citations.Styles;

/// <summary>The names CSL 1.0.2 defines (specification, appendices II to IV), for checking styles and locales.</summary>
internal static class Csl102
{
    public const string Namespace = "http://purl.org/net/xbiblio/csl";

    public static readonly string[] Types =
    [
        "article", "article-journal", "article-magazine", "article-newspaper", "bill", "book", "broadcast", "chapter",
        "classic", "collection", "dataset", "document", "entry", "entry-dictionary", "entry-encyclopedia", "event",
        "figure", "graphic", "hearing", "interview", "legal_case", "legislation", "manuscript", "map", "motion_picture",
        "musical_score", "pamphlet", "paper-conference", "patent", "performance", "periodical", "personal_communication",
        "post", "post-weblog", "regulation", "report", "review", "review-book", "software", "song", "speech", "standard",
        "thesis", "treaty", "webpage",
    ];

    public static readonly string[] StandardVariables =
    [
        "abstract", "annote", "archive", "archive_collection", "archive_location", "archive-place", "authority",
        "call-number", "citation-key", "citation-label", "collection-title", "container-title", "container-title-short",
        "dimensions", "division", "DOI", "event", "event-title", "event-place", "genre", "ISBN", "ISSN", "jurisdiction",
        "keyword", "language", "license", "medium", "note", "original-publisher", "original-publisher-place",
        "original-title", "part-title", "PMCID", "PMID", "publisher", "publisher-place", "references", "reviewed-genre",
        "reviewed-title", "scale", "source", "status", "title", "title-short", "URL", "volume-title", "year-suffix",
    ];

    public static readonly string[] NumberVariables =
    [
        "chapter-number", "citation-number", "collection-number", "edition", "first-reference-note-number", "issue",
        "locator", "number", "number-of-pages", "number-of-volumes", "page", "page-first", "part-number",
        "printing-number", "section", "supplement-number", "version", "volume",
    ];

    public static readonly string[] DateVariables =
        ["accessed", "available-date", "event-date", "issued", "original-date", "submitted"];

    public static readonly string[] NameVariables =
    [
        "author", "chair", "collection-editor", "compiler", "composer", "container-author", "contributor", "curator",
        "director", "editor", "editorial-director", "editor-translator", "executive-producer", "guest", "host",
        "illustrator", "interviewer", "narrator", "organizer", "original-author", "performer", "producer", "recipient",
        "reviewed-author", "script-writer", "series-creator", "translator",
    ];

    public static readonly HashSet<string> Variables =
        [.. StandardVariables, .. NumberVariables, .. DateVariables, .. NameVariables];

    public static readonly string[] Locators =
    [
        "act", "appendix", "article-locator", "book", "canon", "chapter", "column", "elocation", "equation", "figure",
        "folio", "issue", "line", "note", "opus", "page", "paragraph", "part", "rule", "scene", "section", "sub-verbo",
        "supplement", "table", "timestamp", "title-locator", "verse", "version", "volume",
    ];

    public static readonly string[] Punctuation =
    [
        "open-quote", "close-quote", "open-inner-quote", "close-inner-quote", "page-range-delimiter", "colon", "comma",
        "semicolon",
    ];

    public static readonly string[] Miscellaneous =
    [
        "accessed", "ad", "advance-online-publication", "album", "and", "and others", "anonymous", "at",
        "audio-recording", "available at", "bc", "bce", "by", "ce", "circa", "cited", "et-al", "film", "forthcoming",
        "from", "henceforth", "ibid", "in", "in press", "internet", "letter", "loc-cit", "no date", "no-place",
        "no-publisher", "on", "online", "op-cit", "original-work-published", "personal-communication", "podcast",
        "podcast-episode", "preprint", "presented at", "radio-broadcast", "radio-series", "radio-series-episode",
        "reference", "retrieved", "review-of", "scale", "special-issue", "special-section", "television-broadcast",
        "television-series", "television-series-episode", "video", "working-paper",
    ];

    /// <summary>Every term a complete locale defines: appendix II, with the type and variable terms it implies.</summary>
    public static IEnumerable<string> Terms =>
        Types.Concat(NameVariables).Concat(NumberVariables).Concat(Locators).Concat(Punctuation).Concat(Miscellaneous)
            .Concat(Enumerable.Range(1, 12).Select(m => $"month-{m:00}"))
            .Concat(Enumerable.Range(1, 4).Select(s => $"season-{s:00}"))
            .Concat(Enumerable.Range(1, 10).Select(n => $"long-ordinal-{n:00}"))
            .Append("ordinal")
            .Distinct(StringComparer.Ordinal);
}

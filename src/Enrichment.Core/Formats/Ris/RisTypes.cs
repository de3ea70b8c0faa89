namespace Enrichment.Core.Formats.Ris;

/// <summary>
/// RIS reference types (<c>TY</c>) and CSL item types. Every RIS type reads as a CSL type; every CSL type
/// that has an RIS type of its own writes back to it, so a record survives RIS → record → RIS → record.
/// </summary>
/// <remarks>
/// RIS has more types than CSL for some kinds (EJOUR, INPR and JOUR are all journal articles), so the
/// reader keeps the source type in <c>custom["ris:TY"]</c> when it is not the one the writer would choose,
/// and the writer uses it again. CSL types with no RIS type of their own (<see cref="WrittenAsGeneric"/>)
/// are written as <c>GEN</c> and read back as <c>article</c>.
/// </remarks>
internal static class RisTypes
{
    // Rows naming a CSL type for the first time give the writer's choice for that type.
    private static readonly (string Ris, string Csl)[] Table =
    [
        ("JOUR", "article-journal"),
        ("BOOK", "book"),
        ("CHAP", "chapter"),
        ("CPAPER", "paper-conference"),
        ("RPRT", "report"),
        ("THES", "thesis"),
        ("DATA", "dataset"),
        ("GEN", "article"),
        ("MGZN", "article-magazine"),
        ("NEWS", "article-newspaper"),
        ("BILL", "bill"),
        ("BLOG", "post-weblog"),
        ("CASE", "legal_case"),
        ("CLSWK", "classic"),
        ("COMP", "software"),
        ("DICT", "entry-dictionary"),
        ("ENCYC", "entry-encyclopedia"),
        ("ELEC", "webpage"),
        ("FIGURE", "figure"),
        ("ART", "graphic"),
        ("HEAR", "hearing"),
        ("PCOMM", "personal_communication"),
        ("ICOMM", "post"),
        ("MANSCPT", "manuscript"),
        ("MAP", "map"),
        ("MPCT", "motion_picture"),
        ("MUSIC", "musical_score"),
        ("PAMP", "pamphlet"),
        ("PAT", "patent"),
        ("SOUND", "song"),
        ("STAND", "standard"),
        ("STAT", "legislation"),
        ("LEGAL", "regulation"),
        ("JFULL", "periodical"),
        ("SLIDE", "speech"),

        // Read only: the writer uses the row above for these CSL types.
        ("ABST", "article"),
        ("ADVS", "motion_picture"),
        ("AGGR", "dataset"),
        ("ANCIENT", "classic"),
        ("CHART", "figure"),
        ("CONF", "paper-conference"),
        ("CTLG", "book"),
        ("DBASE", "dataset"),
        ("EBOOK", "book"),
        ("ECHAP", "chapter"),
        ("EDBOOK", "book"),
        ("EJOUR", "article-journal"),
        ("EQUA", "figure"),
        ("GOVDOC", "report"),
        ("GRANT", "article"),
        ("INPR", "article-journal"),
        ("MULTI", "webpage"),
        ("SER", "periodical"),
        ("UNBILL", "bill"),
        ("UNPB", "manuscript"),
        ("VIDEO", "motion_picture"),
        ("WEB", "webpage"),
    ];

    private static readonly Dictionary<string, string> ToCslMap = Table.ToDictionary(r => r.Ris, r => r.Csl, StringComparer.Ordinal);

    private static readonly Dictionary<string, string> ToRisMap = Table
        .GroupBy(r => r.Csl, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.First().Ris, StringComparer.Ordinal);

    /// <summary>CSL 1.0.2 types RIS has no type for: written as <c>GEN</c>, read back as <c>article</c>.</summary>
    public static IReadOnlyList<string> WrittenAsGeneric { get; } =
        ["broadcast", "collection", "document", "entry", "event", "interview", "performance", "review", "review-book"];

    /// <summary>Every RIS type this mapping knows.</summary>
    public static IEnumerable<string> RisTypeNames => ToCslMap.Keys;

    /// <summary>The CSL type of an RIS type (case-insensitive), or null for a type RIS does not define.</summary>
    public static string? ToCsl(string risType) =>
        ToCslMap.TryGetValue(risType.Trim().ToUpperInvariant(), out var csl) ? csl : null;

    /// <summary>The RIS type the writer uses for a CSL type; <c>GEN</c> when RIS has none.</summary>
    public static string ToRis(string cslType) => ToRisMap.TryGetValue(cslType, out var ris) ? ris : "GEN";
}

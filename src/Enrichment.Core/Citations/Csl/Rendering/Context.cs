using Enrichment.Core.Citations.Csl.Model;
using Enrichment.Core.Records;

namespace Enrichment.Core.Citations.Csl.Rendering;

/// <summary>Per-item state that citation processing adds: numbering and disambiguation.</summary>
internal sealed class ItemState
{
    public int CitationNumber { get; set; }
    public string? YearSuffix { get; set; }

    /// <summary>Names shown before et-al, raised by add-names disambiguation (0: style default).</summary>
    public int AddNames { get; set; }

    /// <summary>Given-name expansion per name index: 0 as styled, 1 initials, 2 full given name.</summary>
    public int[]? GivenLevels { get; set; }

    /// <summary>Given-name expansion applied to every name (by-cite rule).</summary>
    public int GivenLevelAll { get; set; }

    public bool Disambiguate { get; set; }

    /// <summary>
    /// With <see cref="Disambiguate"/>: how many of the disambiguate="true" conditions a render meets test true,
    /// in the order it meets them (they are switched on one at a time until the cite is unambiguous).
    /// </summary>
    public int DisambiguateLimit { get; set; } = int.MaxValue;
}

/// <summary>What one cite in a citation carries beyond the item: locator, label, position.</summary>
internal sealed class CiteInfo
{
    public string? Locator { get; init; }
    public string? Label { get; init; }

    /// <summary>0 first, 1 subsequent, 2 ibid, 3 ibid-with-locator.</summary>
    public int Position { get; set; }

    public bool NearNote { get; set; }
    public int? FirstReferenceNoteNumber { get; set; }
    public bool SuppressAuthor { get; init; }
    public bool AuthorOnly { get; init; }
    public string? Prefix { get; init; }
    public string? Suffix { get; init; }
}

/// <summary>The state of one render of one item: which mode, which cite, group bookkeeping.</summary>
internal sealed class Ctx
{
    public required Engine E { get; init; }
    public required Reference Item { get; init; }
    public required ItemState State { get; init; }
    public required ModeElement Mode { get; init; }
    public bool Bib { get; init; }
    public CiteInfo? Cite { get; init; }

    /// <summary>Rendering sort keys: names inverted, dates as sortable numbers.</summary>
    public bool SortMode { get; init; }

    public SortKey? SortKey { get; init; }

    /// <summary>Variables called and variables rendered (for cs:group suppression).</summary>
    public int Called { get; set; }

    public int Rendered { get; set; }

    /// <summary>Variables consumed by cs:substitute: suppressed for the rest of the item.</summary>
    public HashSet<string>? Suppressed { get; set; }

    /// <summary>While rendering a substitute candidate: the variables it used.</summary>
    public List<string>? Recording { get; set; }

    /// <summary>The first names output of the item (subsequent-author-substitute).</summary>
    public Output.Node? FirstNames { get; set; }

    /// <summary>Whether to keep the single names of the first name list (a subsequent-author-substitute rule by name).</summary>
    public bool KeepFirstNamePieces { get; init; }

    /// <summary>The names shown in the first name list, one node each, when <see cref="KeepFirstNamePieces"/>.</summary>
    public Output.Node[]? FirstNamePieces { get; set; }

    /// <summary>Set when an element renders the year-suffix variable explicitly.</summary>
    public bool RenderedYearSuffix { get; set; }

    /// <summary>The substitute names context (names inherited by a bare cs:names in cs:substitute).</summary>
    public NamesElement? SubstituteParent { get; set; }

    /// <summary>True when rendering for disambiguation comparison (no cite-specific parts).</summary>
    public bool ForDisambiguation { get; init; }

    /// <summary>Suppress-author, and cite grouping: the first names output is dropped.</summary>
    public bool SuppressNamesOnce { get; set; }

    /// <summary>The disambiguate conditions this render has met while its item is being disambiguated.</summary>
    public int DisambiguateConditions { get; set; }

    public bool IsSuppressed(string variable) => Suppressed is not null && Suppressed.Contains(variable);

    /// <summary>
    /// Notes a rendered variable. Inside a substitute candidate the variable is suppressed at once: the rest of
    /// the output, the rest of that candidate included, does not print it again (CSL 1.0.2, Substitute).
    /// </summary>
    public void Record(string variable)
    {
        if (Recording is not null)
        {
            Recording.Add(variable);
            (Suppressed ??= []).Add(variable);
        }
    }
}

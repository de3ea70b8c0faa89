using Enrichment.Core.Records;

namespace Enrichment.Core.Citations;

/// <summary>One cite in a citation: the item, and what this mention adds (locator, affixes, author suppression).</summary>
public sealed record CitationItem(Reference Item)
{
    public string? Locator { get; init; }

    /// <summary>A locator term name (<c>page</c>, <c>chapter</c>...); page when absent.</summary>
    public string? Label { get; init; }

    public string? Prefix { get; init; }
    public string? Suffix { get; init; }
    public bool SuppressAuthor { get; init; }
    public bool AuthorOnly { get; init; }

    /// <summary>The note number the citation sits in (note styles), for near-note and first-reference-note-number.</summary>
    public int? NoteIndex { get; init; }
}

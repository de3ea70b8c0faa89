using System.Collections.Immutable;

namespace Enrichment.Core.Records;

/// <summary>
/// The canonical bibliographic record, shaped after CSL-JSON: every reader produces it, every writer,
/// the Crossref mapping and the citation engine consume it.
/// </summary>
/// <remarks>
/// Variable names are CSL's (<c>title</c>, <c>container-title</c>, <c>DOI</c>, <c>page</c>...).
/// Numbers are kept as strings, as the source wrote them. Anything without a CSL variable lives in
/// <see cref="Custom"/> verbatim, so nothing the source had is lost.
/// </remarks>
public sealed record Reference
{
    public required string Id { get; init; }

    /// <summary>A CSL item type (<c>article-journal</c>, <c>book</c>, <c>chapter</c>...).</summary>
    public string Type { get; init; } = "article";

    /// <summary>Standard and number variables, keyed by CSL variable name.</summary>
    public ImmutableSortedDictionary<string, string> Variables { get; init; } = EmptyStrings;

    /// <summary>Name variables (<c>author</c>, <c>editor</c>...), in order.</summary>
    public ImmutableSortedDictionary<string, ImmutableArray<PersonName>> Names { get; init; } =
        ImmutableSortedDictionary.Create<string, ImmutableArray<PersonName>>(StringComparer.Ordinal);

    /// <summary>Date variables (<c>issued</c>, <c>accessed</c>...).</summary>
    public ImmutableSortedDictionary<string, DateValue> Dates { get; init; } =
        ImmutableSortedDictionary.Create<string, DateValue>(StringComparer.Ordinal);

    /// <summary>Fields with no CSL variable, kept verbatim under their source name.</summary>
    public ImmutableSortedDictionary<string, string> Custom { get; init; } = EmptyStrings;

    /// <summary>Notices that update this work (Crossref's <c>updated-by</c>): retractions, corrections, expressions of concern...</summary>
    public ImmutableArray<WorkUpdate> Updates { get; init; } = [];

    /// <summary>For a notice: the works it updates (Crossref's <c>update-to</c>).</summary>
    public ImmutableArray<WorkUpdate> UpdateTo { get; init; } = [];

    public static ImmutableSortedDictionary<string, string> EmptyStrings { get; } =
        ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal);

    public string? Get(string variable) => Variables.TryGetValue(variable, out var value) ? value : null;

    public ImmutableArray<PersonName> GetNames(string variable) =>
        Names.TryGetValue(variable, out var names) ? names : [];

    public DateValue? GetDate(string variable) => Dates.TryGetValue(variable, out var date) ? date : null;

    public string? Title => Get("title");

    public string? DoiText => Get("DOI");

    public ImmutableArray<PersonName> Authors => GetNames("author");

    public int? Year => GetDate("issued")?.Year;

    /// <summary>
    /// The <see cref="Custom"/> key of a reference as the user pasted it (a line of a reference list, its
    /// wrapped lines joined), kept verbatim: the record's only text when it has no fields.
    /// </summary>
    public const string ReferenceStringKey = "reference-string";

    /// <summary>The pasted reference string (<see cref="ReferenceStringKey"/>), or null.</summary>
    public string? ReferenceString => Custom.TryGetValue(ReferenceStringKey, out var text) ? text : null;

    public Reference With(string variable, string? value) => value is null
        ? this with { Variables = Variables.Remove(variable) }
        : this with { Variables = Variables.SetItem(variable, value) };

    public Reference WithNames(string variable, IEnumerable<PersonName> names)
    {
        var list = names.ToImmutableArray();
        return this with { Names = list.IsEmpty ? Names.Remove(variable) : Names.SetItem(variable, list) };
    }

    public Reference WithDate(string variable, DateValue? date) => date is null
        ? this with { Dates = Dates.Remove(variable) }
        : this with { Dates = Dates.SetItem(variable, date) };

    public Reference WithCustom(string name, string value) => this with { Custom = Custom.SetItem(name, value) };

    /// <summary>Structural equality: records compare their dictionaries by content, not by reference.</summary>
    public bool Equals(Reference? other) =>
        other is not null
        && Id == other.Id
        && Type == other.Type
        && Variables.SequenceEqual(other.Variables)
        && Custom.SequenceEqual(other.Custom)
        && Dates.SequenceEqual(other.Dates)
        && Updates.SequenceEqual(other.Updates)
        && UpdateTo.SequenceEqual(other.UpdateTo)
        && Names.Count == other.Names.Count
        && Names.All(n => other.Names.TryGetValue(n.Key, out var o) && n.Value.SequenceEqual(o));

    public override int GetHashCode() => HashCode.Combine(Id, Type, Variables.Count, Names.Count);
}

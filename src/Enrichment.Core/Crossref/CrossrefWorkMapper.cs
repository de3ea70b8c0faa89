using System.Collections.Immutable;
using System.Text.Json;
using Enrichment.Core.Records;

namespace Enrichment.Core.Crossref;

/// <summary>Maps a Crossref work (<c>message</c> of <c>/works/{doi}</c>) to the canonical record.</summary>
public static class CrossrefWorkMapper
{
    public static Reference Map(JsonElement work)
    {
        var doi = Text(work, "DOI") ?? throw new CrossrefResponseException("Crossref work has no DOI");
        var reference = new Reference { Id = doi, Type = MapType(Text(work, "type")) }
            .With("DOI", doi)
            .With("title", First(work, "title"))
            .With("container-title", First(work, "container-title"))
            .With("volume", Text(work, "volume"))
            .With("issue", Text(work, "issue"))
            .With("page", Text(work, "page"))
            .With("publisher", Text(work, "publisher"))
            .With("URL", Text(work, "URL"))
            .With("ISSN", First(work, "ISSN"))
            .WithNames("author", Names(work, "author"))
            .WithDate("issued", Date(work, "issued"));
        return reference;
    }

    internal static string MapType(string? crossrefType) => crossrefType switch
    {
        "journal-article" => "article-journal",
        "book-chapter" or "book-section" or "book-part" => "chapter",
        "book" or "monograph" or "edited-book" or "reference-book" => "book",
        "proceedings-article" => "paper-conference",
        "dataset" => "dataset",
        "report" => "report",
        "dissertation" => "thesis",
        "posted-content" => "article",
        _ => "article",
    };

    private static string? Text(JsonElement work, string name) =>
        work.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? First(JsonElement work, string name) =>
        work.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > 0
            && value[0].ValueKind == JsonValueKind.String
            ? value[0].GetString()
            : null;

    private static ImmutableArray<PersonName> Names(JsonElement work, string name)
    {
        if (!work.TryGetProperty(name, out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        return [.. list.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.Object).Select(a => Text(a, "family") is { } family
            ? new PersonName { Family = family, Given = Text(a, "given"), Orcid = Text(a, "ORCID") }
            : new PersonName { Literal = Text(a, "name") ?? "" })];
    }

    private static DateValue? Date(JsonElement work, string name)
    {
        if (!work.TryGetProperty(name, out var date) || !date.TryGetProperty("date-parts", out var parts)
            || parts.ValueKind != JsonValueKind.Array || parts.GetArrayLength() == 0)
        {
            return null;
        }

        var first = parts[0];
        if (first.ValueKind != JsonValueKind.Array || first.GetArrayLength() == 0 || first[0].ValueKind != JsonValueKind.Number)
        {
            return null;
        }

        int? At(int i) => first.GetArrayLength() > i && first[i].ValueKind == JsonValueKind.Number ? first[i].GetInt32() : null;
        return DateValue.FromParts(first[0].GetInt32(), At(1), At(2));
    }
}

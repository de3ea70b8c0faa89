using System.Text.Json.Nodes;

namespace Enrichment.Testing;

/// <summary>DataCite <c>/dois/{doi}</c> answers written for these tests, in the JSON:API shape DataCite sends.</summary>
public static class DataCiteAnswers
{
    /// <summary>
    /// An answer for <paramref name="doi"/>: <paramref name="attributes"/> (a JSON object's members) become
    /// <c>data.attributes</c>, with the DOI, its prefix and suffix set.
    /// </summary>
    public static string Answer(string doi, string attributes)
    {
        var attributesNode = JsonNode.Parse("{" + attributes + "}")!.AsObject();
        attributesNode["doi"] = doi.ToLowerInvariant();
        attributesNode["prefix"] = doi[..doi.IndexOf('/', StringComparison.Ordinal)];
        attributesNode["suffix"] = doi[(doi.IndexOf('/', StringComparison.Ordinal) + 1)..].ToLowerInvariant();
        return new JsonObject
        {
            ["data"] = new JsonObject
            {
                ["id"] = doi.ToLowerInvariant(),
                ["type"] = "dois",
                ["attributes"] = attributesNode,
            },
        }.ToJsonString();
    }

    /// <summary>An arXiv preprint as arXiv registers it at DataCite, naming its published version when given.</summary>
    public static string Arxiv(string id, string title, string family, int year, string? publishedDoi = null) => Answer(
        "10.48550/arXiv." + id,
        $$"""
        "creators": [{"name": "{{family}}, Ada", "nameType": "Personal", "givenName": "Ada", "familyName": "{{family}}",
          "affiliation": [], "nameIdentifiers": []}],
        "titles": [{"title": "{{title}}"}],
        "publisher": "arXiv",
        "publicationYear": {{year}},
        "types": {"resourceTypeGeneral": "Preprint", "resourceType": "Article"},
        "subjects": [{"subject": "Quantum Physics (quant-ph)"}, {"subject": "FOS: Physical sciences"}],
        "rightsList": [{"rights": "arXiv.org perpetual, non-exclusive license", "rightsUri": "http://arxiv.org/licenses/nonexclusive-distrib/1.0/"}],
        "descriptions": [{"description": "We study things.", "descriptionType": "Abstract"}],
        "dates": [{"date": "{{year}}-01-04", "dateType": "Submitted"}, {"date": "{{year}}", "dateType": "Issued"}],
        "relatedIdentifiers": [{{(publishedDoi is null ? "" : $$"""{"relationType": "IsVersionOf", "relatedIdentifier": "{{publishedDoi}}", "relatedIdentifierType": "DOI"}""")}}],
        "version": "1",
        "url": "https://arxiv.org/abs/{{id}}"
        """);
}

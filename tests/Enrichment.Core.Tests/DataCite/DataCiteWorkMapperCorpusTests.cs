using System.Text.Json;
using Enrichment.Core.DataCite;
using Enrichment.Core.Formats.CslJson;
using Enrichment.Testing;

namespace Enrichment.Core.Tests.DataCite;

/// <summary>The mapping over every real <c>/dois/{doi}</c> answer in ../shared/corpus/datacite-dois.</summary>
public sealed class DataCiteWorkMapperCorpusTests
{
    private static readonly HashSet<string> CslTypes =
    [
        "article", "article-journal", "book", "chapter", "collection", "dataset", "document", "event", "graphic",
        "motion_picture", "paper-conference", "periodical", "report", "review", "software", "song", "standard",
        "thesis", "webpage",
    ];

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        if (SharedData.Available)
        {
            foreach (var file in Directory.EnumerateFiles(SharedData.DataCiteDois, "*.json").Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetFileName(file));
            }
        }

        return data;
    }

    private static JsonElement Attributes(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(SharedData.DataCiteDois, file)));
        return document.RootElement.GetProperty("data").GetProperty("attributes").Clone();
    }

    private static string Squeeze(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    [SharedDataFact]
    public void The_corpus_holds_37_answers() => Files().Count.ShouldBe(37);

    [SharedDataTheory]
    [MemberData(nameof(Files))]
    public void Maps_identity_title_year_publisher_and_a_CSL_type(string file)
    {
        var attributes = Attributes(file);
        var reference = DataCiteWorkMapper.Map(attributes);

        var doi = attributes.GetProperty("doi").GetString()!.ToLowerInvariant();
        reference.Id.ShouldBe(doi);
        reference.DoiText.ShouldBe(doi);
        CslTypes.ShouldContain(reference.Type);
        var main = attributes.GetProperty("titles").EnumerateArray().First(t => !t.TryGetProperty("titleType", out _));
        reference.Title.ShouldNotBeNull().ShouldStartWith(Squeeze(main.GetProperty("title").GetString()!));
        reference.Year.ShouldBe(attributes.GetProperty("publicationYear").GetInt32());
        var publisher = attributes.GetProperty("publisher");
        reference.Get("publisher").ShouldBe((publisher.ValueKind == JsonValueKind.Object ? publisher.GetProperty("name") : publisher).GetString()!.Trim());
    }

    [SharedDataTheory]
    [MemberData(nameof(Files))]
    public void Keeps_every_creator_with_the_ORCID_iDs_DataCite_gives(string file)
    {
        var attributes = Attributes(file);
        var reference = DataCiteWorkMapper.Map(attributes);

        var creators = attributes.GetProperty("creators").EnumerateArray().ToList();
        reference.Authors.Length.ShouldBe(creators.Count);
        for (var i = 0; i < creators.Count; i++)
        {
            var identifiers = creators[i].TryGetProperty("nameIdentifiers", out var ids) ? ids.EnumerateArray().ToList() : [];
            var orcid = identifiers
                .Where(n => n.TryGetProperty("nameIdentifierScheme", out var scheme) && scheme.GetString() == "ORCID")
                .Select(n => n.TryGetProperty("nameIdentifier", out var id) ? id.GetString() ?? "" : "")
                .FirstOrDefault(n => n.Length > "https://orcid.org/".Length);
            if (orcid is not null)
            {
                reference.Authors[i].Orcid.ShouldNotBeNull().ShouldEndWith(orcid[^19..].ToUpperInvariant());
            }

            if (creators[i].TryGetProperty("familyName", out var family)
                && creators[i].TryGetProperty("nameType", out var nameType) && nameType.GetString() == "Personal")
            {
                reference.Authors[i].Family.ShouldBe(family.GetString()!.Trim());
            }
        }
    }

    [SharedDataTheory]
    [MemberData(nameof(Files))]
    public void Maps_the_general_resource_type_as_the_table_says(string file)
    {
        var attributes = Attributes(file);
        var reference = DataCiteWorkMapper.Map(attributes);

        var general = attributes.GetProperty("types").GetProperty("resourceTypeGeneral").GetString();
        var expected = general switch
        {
            "Dataset" => "dataset",
            "Software" => "software",
            "Image" => "graphic",
            "Audiovisual" => "motion_picture",
            "Collection" => "collection",
            "InteractiveResource" => "webpage",
            _ => null,
        };
        if (expected is not null)
        {
            reference.Type.ShouldBe(expected);
        }
    }

    [SharedDataTheory]
    [MemberData(nameof(Files))]
    public void Survives_a_CSL_JSON_round_trip(string file)
    {
        var reference = DataCiteWorkMapper.Map(Attributes(file));

        CslJsonConvert.Deserialize(CslJsonConvert.Serialize(reference)).ShouldBe(reference);
    }
}

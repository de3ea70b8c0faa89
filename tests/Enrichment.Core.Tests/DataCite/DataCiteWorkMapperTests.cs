using System.Text.Json;
using Enrichment.Core.DataCite;
using Enrichment.Core.Records;
using Enrichment.Testing;

namespace Enrichment.Core.Tests.DataCite;

/// <summary>The DataCite mapping on answers written for these tests, one feature at a time.</summary>
public sealed class DataCiteWorkMapperTests
{
    private static Reference Map(string attributes, string doi = "10.5281/zenodo.1")
    {
        using var document = JsonDocument.Parse(DataCiteAnswers.Answer(doi, attributes));
        return DataCiteWorkMapper.Map(document.RootElement.GetProperty("data").GetProperty("attributes"));
    }

    [Theory]
    [InlineData("Dataset", null, "dataset")]
    [InlineData("Software", null, "software")]
    [InlineData("Preprint", null, "article")]
    [InlineData("JournalArticle", null, "article-journal")]
    [InlineData("Text", "JournalArticle", "article-journal")]
    [InlineData("Text", "Journal Article", "article-journal")]
    [InlineData("Text", "Thesis", "thesis")]
    [InlineData("Text", "Preprint", "article")]
    [InlineData("Text", "Brochure", "document")]
    [InlineData("Book", null, "book")]
    [InlineData("BookChapter", null, "chapter")]
    [InlineData("ConferencePaper", null, "paper-conference")]
    [InlineData("ConferenceProceeding", null, "book")]
    [InlineData("Dissertation", null, "thesis")]
    [InlineData("Report", null, "report")]
    [InlineData("Image", null, "graphic")]
    [InlineData("Audiovisual", null, "motion_picture")]
    [InlineData("Sound", null, "song")]
    [InlineData("Collection", null, "collection")]
    [InlineData("Workflow", null, "software")]
    [InlineData("ComputationalNotebook", null, "software")]
    [InlineData("Standard", null, "standard")]
    [InlineData("PeerReview", null, "review")]
    [InlineData("PhysicalObject", null, "document")]
    [InlineData("Other", null, "document")]
    public void Maps_resourceTypeGeneral_to_a_CSL_type(string general, string? specific, string expected)
    {
        var types = specific is null
            ? $$"""{"resourceTypeGeneral": "{{general}}"}"""
            : $$"""{"resourceTypeGeneral": "{{general}}", "resourceType": "{{specific}}"}""";

        Map($$""" "types": {{types}}, "titles": [{"title": "T"}] """).Type.ShouldBe(expected);
    }

    [Fact]
    public void Creators_keep_their_ORCID_iDs_and_affiliations_and_organisations_stay_whole()
    {
        var reference = Map("""
            "creators": [
              {"name": "Curie, Marie", "nameType": "Personal", "givenName": "Marie", "familyName": "Curie",
               "affiliation": ["Sorbonne"], "nameIdentifiers": [{"nameIdentifier": "https://orcid.org/0000-0002-1825-0097", "nameIdentifierScheme": "ORCID"}]},
              {"name": "Lovelace, Ada", "givenName": "Ada", "familyName": "Lovelace",
               "affiliation": [{"name": "Analytical Society"}], "nameIdentifiers": [{"nameIdentifier": "0000-0001-5109-3700", "nameIdentifierScheme": "ORCID"}]},
              {"name": "CERN", "nameType": "Organizational", "affiliation": [], "nameIdentifiers": []},
              {"name": "Someone Unsplit", "affiliation": [], "nameIdentifiers": [{"nameIdentifier": "https://orcid.org/", "nameIdentifierScheme": "ORCID"}]}
            ],
            "contributors": [
              {"name": "Editor, Eve", "nameType": "Personal", "givenName": "Eve", "familyName": "Editor", "contributorType": "Editor", "affiliation": [], "nameIdentifiers": []},
              {"name": "Keeper, Kim", "nameType": "Personal", "givenName": "Kim", "familyName": "Keeper", "contributorType": "DataCurator", "affiliation": [], "nameIdentifiers": []}
            ]
            """);

        reference.Authors.Select(a => (a.Family, a.Given, a.Literal)).ShouldBe([
            ("Curie", "Marie", null), ("Lovelace", "Ada", null), (null, null, "CERN"), (null, null, "Someone Unsplit")]);
        reference.Authors[0].Orcid.ShouldBe("https://orcid.org/0000-0002-1825-0097");
        reference.Authors[0].Affiliations.ShouldBe(["Sorbonne"]);
        reference.Authors[1].Orcid.ShouldBe("https://orcid.org/0000-0001-5109-3700");
        reference.Authors[1].Affiliations.ShouldBe(["Analytical Society"]);
        reference.Authors[3].Orcid.ShouldBeNull();
        reference.GetNames("editor").ShouldHaveSingleItem().Family.ShouldBe("Editor");
        reference.GetNames("contributor").ShouldHaveSingleItem().Family.ShouldBe("Keeper");
    }

    [Fact]
    public void Titles_join_their_subtitle_and_keep_translated_ones_aside()
    {
        var reference = Map("""
            "titles": [{"title": "Flash Eurobarometer 54", "lang": "de"}, {"title": "The Common Currency", "titleType": "Subtitle"},
                       {"title": "Eurobaromètre éclair", "titleType": "TranslatedTitle"}]
            """);

        reference.Title.ShouldBe("Flash Eurobarometer 54: The Common Currency");
        reference.Custom["translated-title"].ShouldBe("Eurobaromètre éclair");
    }

    [Fact]
    public void Publisher_year_dates_version_rights_abstract_and_keywords_are_mapped()
    {
        var reference = Map("""
            "titles": [{"title": "T"}],
            "publisher": {"name": "Zenodo"},
            "publicationYear": 2019,
            "dates": [{"date": "2019-03-20", "dateType": "Issued"}, {"date": "\n 2019-02-01 \n", "dateType": "Available"},
                      {"date": "2009-10-01/2014-01-23", "dateType": "Collected"}],
            "version": "v0.3.2",
            "language": "en",
            "rightsList": [{"rights": "Creative Commons Attribution 4.0", "rightsUri": "https://creativecommons.org/licenses/by/4.0/legalcode"}],
            "descriptions": [{"description": "Other text.", "descriptionType": "Other"}, {"description": "The abstract.", "descriptionType": "Abstract"}],
            "subjects": [{"subject": "Ecology"}, {"subject": "ecology"}, {"subject": "FOS: Biological sciences"}],
            "formats": ["text/csv"], "sizes": ["12 MB"],
            "fundingReferences": [{"funderName": "European Commission", "funderIdentifier": "https://doi.org/10.13039/501100000780", "awardNumber": "777523"}]
            """);

        reference.Get("publisher").ShouldBe("Zenodo");
        reference.GetDate("issued").ShouldBe(DateValue.FromParts(2019, 3, 20));
        reference.GetDate("available-date").ShouldBe(DateValue.FromParts(2019, 2, 1));
        reference.Custom["date-collected"].ShouldBe("2009-10-01/2014-01-23");
        reference.Get("version").ShouldBe("v0.3.2");
        reference.Get("language").ShouldBe("en");
        reference.Get("license").ShouldBe("https://creativecommons.org/licenses/by/4.0/legalcode");
        reference.Get("abstract").ShouldBe("The abstract.");
        reference.Get("keyword").ShouldBe("Ecology, FOS: Biological sciences");
        reference.Custom["format"].ShouldBe("text/csv");
        reference.Custom["size"].ShouldBe("12 MB");
        reference.Custom["funder"].ShouldBe("European Commission <https://doi.org/10.13039/501100000780> [777523]");
    }

    [Theory]
    [InlineData("2016", 2016, null, null)]
    [InlineData("1995-12", 1995, 12, null)]
    [InlineData("2016-08-10T00:00:00", 2016, 8, 10)]
    [InlineData("2009-10-01/2014-01-23", 2009, 10, 1)]
    [InlineData(" 2014-04-25 ", 2014, 4, 25)]
    public void Reads_ISO_dates_and_the_start_of_a_range(string text, int year, int? month, int? day) =>
        DataCiteWorkMapper.ParseDate(text).ShouldBe(DateValue.FromParts(year, month, day));

    [Theory]
    [InlineData("07.04.2017")]
    [InlineData("(:tba)")]
    [InlineData("")]
    public void A_date_that_is_not_ISO_is_not_guessed(string text) => DataCiteWorkMapper.ParseDate(text).ShouldBeNull();

    [Fact]
    public void An_Issued_date_that_disagrees_with_publicationYear_gives_way_to_the_year()
    {
        var reference = Map(""" "titles": [{"title": "T"}], "publicationYear": 2020, "dates": [{"date": "2015-06-14", "dateType": "Issued"}] """);

        reference.GetDate("issued").ShouldBe(DateValue.FromParts(2020));
    }

    [Fact]
    public void A_journal_container_gives_title_volume_issue_and_pages_and_a_series_the_collection()
    {
        var journal = Map("""
            "titles": [{"title": "T"}],
            "container": {"type": "Journal", "title": "Aquatic Biology", "volume": "1", "issue": "1", "firstPage": "91", "lastPage": "98"}
            """);
        var series = Map(""" "titles": [{"title": "T"}], "container": {"type": "Series", "title": "ZIS", "volume": "12"} """);

        (journal.Get("container-title"), journal.Get("volume"), journal.Get("issue"), journal.Get("page")).ShouldBe(("Aquatic Biology", "1", "1", "91-98"));
        (series.Get("collection-title"), series.Get("collection-number"), series.Get("container-title")).ShouldBe(("ZIS", "12", null));
    }

    [Fact]
    public void Related_identifiers_name_the_journal_ISSN_and_the_published_version_under_another_prefix()
    {
        var reference = Map("""
            "titles": [{"title": "T"}],
            "relatedIdentifiers": [
              {"relationType": "IsVersionOf", "relatedIdentifier": "10.5281/zenodo.999", "relatedIdentifierType": "DOI"},
              {"relationType": "IsPublishedIn", "relatedIdentifier": "1866-3370", "relatedIdentifierType": "ISSN"},
              {"relationType": "IsVersionOf", "relatedIdentifier": "https://doi.org/10.1103/PhysRevLett.1.1", "relatedIdentifierType": "DOI"},
              {"relationType": "IsSupplementTo", "relatedIdentifier": "10.1000/other", "relatedIdentifierType": "DOI"}
            ]
            """);

        reference.Get("ISSN").ShouldBe("1866-3370");
        reference.Custom[DataCiteWorkMapper.PublishedDoiField].ShouldBe("10.1103/physrevlett.1.1");
    }

    [Fact]
    public void Alternate_identifiers_give_ISBN_PMID_and_PMCID()
    {
        var reference = Map("""
            "titles": [{"title": "T"}],
            "alternateIdentifiers": [{"alternateIdentifier": "978-3-16-148410-0", "alternateIdentifierType": "ISBN"},
                                     {"alternateIdentifier": "31452104", "alternateIdentifierType": "PMID"},
                                     {"alternateIdentifier": "PMC6736160", "alternateIdentifierType": "PMCID"}]
            """);

        (reference.Get("ISBN"), reference.Get("PMID"), reference.Get("PMCID")).ShouldBe(("978-3-16-148410-0", "31452104", "PMC6736160"));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"not an object\"")]
    [InlineData("42")]
    public void Fields_of_the_wrong_kind_are_absent_not_errors(string value)
    {
        var reference = Map($$""" "titles": [{"title": "T"}], "creators": {{value}}, "dates": {{value}}, "container": {{value}}, "subjects": {{value}}, "types": {{value}} """);

        reference.Title.ShouldBe("T");
        reference.Authors.ShouldBeEmpty();
    }
}

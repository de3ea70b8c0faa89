using Enrichment.Core.Enrichment;
using Enrichment.Core.Records;

namespace Enrichment.Core.Tests.Enrichment;

public sealed class ReferenceMergerTests
{
    private static Reference Source() =>
        new Reference { Id = "khalili2016", Type = "article-journal" }
            .With("title", "Conflict of {Electronic} Democracy with Electronic Government")
            .With("DOI", "10.22054/TSSQ.2016.2451")
            .With("page", "1--32")
            .With("volume", "1")
            .With("URL", "https://tssq.atu.ac.ir/article_2451.html")
            .WithNames("author", [new PersonName { Family = "Khalili", Given = "Mohsen" }])
            .WithDate("issued", DateValue.FromParts(2016))
            .WithCustom("title_fa", "کشاکشِ دولت الکترونیک با دموکراسی الکترونیک")
            .WithCustom("eissn", "2476-6828");

    private static Reference Crossref() =>
        new Reference { Id = "10.22054/tssq.2016.2451", Type = "article-journal" }
            .With("title", "Conflict of Electronic Democracy with Electronic Government")
            .With("DOI", "10.22054/tssq.2016.2451")
            .With("page", "1-32")
            .With("volume", "1")
            .With("container-title", "State Studies")
            .With("URL", "https://doi.org/10.22054/tssq.2016.2451")
            .WithNames("author", [new PersonName { Family = "Khalili", Given = "Mohsen", Orcid = "https://orcid.org/0000-0002-1825-0097" }])
            .WithDate("issued", DateValue.FromParts(2016, 6, 22))
            .WithCustom("cited-by-count", "3");

    [Fact]
    public void Keeps_everything_the_source_had_and_adds_what_Crossref_knows()
    {
        var result = ReferenceMerger.Merge(Source(), Crossref());

        result.Merged.Id.ShouldBe("khalili2016");
        result.Merged.Custom["title_fa"].ShouldBe("کشاکشِ دولت الکترونیک با دموکراسی الکترونیک");
        result.Merged.Custom["eissn"].ShouldBe("2476-6828");
        result.Merged.Custom["cited-by-count"].ShouldBe("3");
        result.Merged.Get("container-title").ShouldBe("State Studies");
        result.Merged.Authors.Single().Orcid.ShouldBe("https://orcid.org/0000-0002-1825-0097");
        result.Merged.GetDate("issued").ShouldBe(DateValue.FromParts(2016, 6, 22));
        foreach (var name in Source().Variables.Keys)
        {
            result.Merged.Get(name).ShouldNotBeNull(name);
        }
    }

    [Fact]
    public void Says_where_each_field_came_from()
    {
        var provenance = ReferenceMerger.Merge(Source(), Crossref()).FieldProvenance;

        provenance["title"].ShouldBe(Provenance.Both);
        provenance["DOI"].ShouldBe(Provenance.Both);
        provenance["page"].ShouldBe(Provenance.Both);
        provenance["volume"].ShouldBe(Provenance.Both);
        provenance["author"].ShouldBe(Provenance.Both);
        provenance["issued"].ShouldBe(Provenance.Both);
        provenance["container-title"].ShouldBe(Provenance.Crossref);
        provenance["custom:title_fa"].ShouldBe(Provenance.Source);
        provenance["custom:cited-by-count"].ShouldBe(Provenance.Crossref);
        provenance["URL"].ShouldBe(Provenance.Crossref);
        provenance["type"].ShouldBe(Provenance.Both);
    }

    [Fact]
    public void Agreeing_fields_take_Crossrefs_spelling_except_the_DOI()
    {
        var result = ReferenceMerger.Merge(Source(), Crossref());

        result.Merged.Title.ShouldBe("Conflict of Electronic Democracy with Electronic Government");
        result.Merged.Get("page").ShouldBe("1-32");
        result.Merged.DoiText.ShouldBe("10.22054/TSSQ.2016.2451");
        result.Source.Title.ShouldBe("Conflict of {Electronic} Democracy with Electronic Government");
        result.Discrepancies.ShouldNotContain(d => d.Field == "title" || d.Field == "page");
    }

    [Fact]
    public void Lists_disagreements_on_title_year_pages_and_authors()
    {
        var source = Source()
            .With("title", "Electronic democracy")
            .With("page", "1-30")
            .WithDate("issued", DateValue.FromParts(2015))
            .WithNames("author", [new PersonName { Family = "Khalily" }]);

        var result = ReferenceMerger.Merge(source, Crossref());

        result.Discrepancies.Select(d => d.Field).Order().ShouldBe(["URL", "author", "issued", "page", "title"]);
        var year = result.Discrepancies.Single(d => d.Field == "issued");
        year.SourceValue.ShouldBe("2015");
        year.CrossrefValue.ShouldBe("2016-06-22");
        year.Chosen.ShouldBe(Provenance.Crossref);
        result.Merged.Title.ShouldBe("Conflict of Electronic Democracy with Electronic Government");
        result.FieldProvenance["title"].ShouldBe(Provenance.Crossref);
    }

    [Fact]
    public void Never_replaces_the_source_DOI()
    {
        var result = ReferenceMerger.Merge(Source().With("DOI", "10.9999/other"), Crossref());

        result.Merged.DoiText.ShouldBe("10.9999/other");
        result.FieldProvenance["DOI"].ShouldBe(Provenance.Source);
        result.Discrepancies.Single(d => d.Field == "DOI").Chosen.ShouldBe(Provenance.Source);
    }

    [Fact]
    public void A_source_author_list_cut_short_with_others_agrees_with_the_full_list()
    {
        var crossref = Crossref().WithNames("author", [new PersonName { Family = "Khalili" }, new PersonName { Family = "Second" }]);
        var source = Source().WithNames("author", [new PersonName { Family = "Khalili" }, PersonName.Others]);

        var result = ReferenceMerger.Merge(source, crossref);

        result.FieldProvenance["author"].ShouldBe(Provenance.Both);
        result.Merged.Authors.Length.ShouldBe(2);
    }

    [Fact]
    public void A_custom_field_Crossref_disagrees_on_is_kept_both_ways()
    {
        var result = ReferenceMerger.Merge(Source().WithCustom("cited-by-count", "1"), Crossref());

        result.Merged.Custom["cited-by-count"].ShouldBe("1");
        result.Merged.Custom["crossref-cited-by-count"].ShouldBe("3");
    }

    [Fact]
    public void Without_Crossref_the_record_is_the_source_with_source_provenance()
    {
        var result = ReferenceMerger.Merge(Source(), null);

        result.Merged.ShouldBe(Source());
        result.FieldProvenance.Values.ShouldAllBe(p => p == Provenance.Source);
        result.FieldProvenance.ShouldContainKey("custom:title_fa");
        result.FieldProvenance.ShouldContainKey("author");
    }

    [Theory]
    [InlineData("1--32", "1-32")]
    [InlineData("1\u201332", "1-32")]
    [InlineData("123-9", "123-129")]
    [InlineData("123 - 129", "123-129")]
    [InlineData("e42", "E42")]
    [InlineData("7-7", "7")]
    public void Compares_pages_whatever_the_dash(string a, string b) =>
        ReferenceMerger.Pages(a).ShouldBe(ReferenceMerger.Pages(b));
}

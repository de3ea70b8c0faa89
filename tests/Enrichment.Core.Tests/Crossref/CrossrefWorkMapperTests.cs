using System.Text.Json;
using Enrichment.Core.Citations;
using Enrichment.Core.Crossref;
using Enrichment.Core.Records;

namespace Enrichment.Core.Tests.Crossref;

public sealed class CrossrefWorkMapperTests
{
    private static Reference Map(string json)
    {
        using var document = JsonDocument.Parse(json);
        return CrossrefWorkMapper.Map(document.RootElement);
    }

    [Theory]
    [InlineData("journal-article", "article-journal")]
    [InlineData("book-chapter", "chapter")]
    [InlineData("book-part", "chapter")]
    [InlineData("monograph", "book")]
    [InlineData("edited-book", "book")]
    [InlineData("proceedings-article", "paper-conference")]
    [InlineData("dataset", "dataset")]
    [InlineData("report", "report")]
    [InlineData("dissertation", "thesis")]
    [InlineData("posted-content", "article")]
    [InlineData("reference-entry", "entry")]
    [InlineData("peer-review", "review")]
    [InlineData("standard", "standard")]
    [InlineData("journal-issue", "periodical")]
    [InlineData("component", "document")]
    [InlineData("something-new", "document")]
    public void Maps_Crossref_types_to_CSL_types(string crossref, string csl) =>
        CrossrefWorkMapper.MapType(crossref).ShouldBe(csl);

    // Crossref deposits keep the XML's layout: a line break and indentation around each inline tag. In a
    // citation that is one space between words, never a line break.
    [Theory]
    [InlineData("A study of\n                    <i>Pinus</i>\n                    sp. in fire", "A study of <i>Pinus</i> sp. in fire")]
    [InlineData("<i>KRAS</i>\n  /\n  <i>NRAS</i>\r\n\tmutations", "<i>KRAS</i> / <i>NRAS</i> mutations")]
    [InlineData("  Padded   title  ", "Padded title")]
    [InlineData("Tab\tand\u2028line separator", "Tab and line separator")]
    [InlineData("10\u00A0kg and 5\u2009m", "10\u00A0kg and 5\u2009m")]
    public void Collapses_layout_whitespace_in_titles_to_one_space(string deposited, string expected)
    {
        var reference = Map($$"""{"DOI":"10.1000/ws","type":"journal-article","title":[{{JsonSerializer.Serialize(deposited)}}],"container-title":[{{JsonSerializer.Serialize(deposited)}}]}""");

        reference.Title.ShouldBe(expected);
        reference.Get("container-title").ShouldBe(expected);
    }

    // JATS <scp> (small caps) is not CSL rich text; CSL's small-caps span is.
    [Fact]
    public void Turns_JATS_small_caps_into_the_CSL_small_caps_span()
    {
        var reference = Map("""{"DOI":"10.1000/scp","type":"journal-article","title":["Trait data in\n    <scp>r</scp>\n    and the H <scp>i</scp> disk"]}""");

        reference.Title.ShouldBe("Trait data in <span style=\"font-variant:small-caps;\">r</span> and the H <span style=\"font-variant:small-caps;\">i</span> disk");
    }

    // End to end: a deposited title through the mapper and the CSL engine shows one space between words and
    // small caps as formatting (HTML) or plain letters (text), never a line break or a literal tag.
    [Theory]
    [InlineData(CitationOutput.Text, "A Shiny r app for Pinus data")]
    [InlineData(CitationOutput.Html, "A Shiny <span style=\"font-variant:small-caps;\">r</span> app for <i>Pinus</i> data")]
    public void A_deposited_title_renders_as_running_text(CitationOutput output, string expected)
    {
        var reference = Map("""{"DOI":"10.1000/run","type":"journal-article","title":["A Shiny\n      <scp>r</scp>\n      app for\n      <i>Pinus</i>\n      data"]}""");
        var style = CslStyle.Load("""
            <style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
              <info><id>title</id></info>
              <citation><layout><text variable="title"/></layout></citation>
              <bibliography><layout><text variable="title"/></layout></bibliography>
            </style>
            """);

        new CslProcessor(style, CslLocale.Load(Citations.CslProcessorTests.Locale)).RenderEntry(reference, output).ShouldBe(expected);
    }

    [Fact]
    public void Maps_a_full_journal_article()
    {
        var reference = Map("""
            {"DOI":"10.1000/ABC.1","type":"journal-article","title":["Fire ecology"],"subtitle":["a review"],
             "short-title":["Fire"],"container-title":["Journal of Burning"],"short-container-title":["J. Burn."],
             "volume":"12","issue":"3","page":"100-120","article-number":"e42","publisher":"Ash Press",
             "publisher-location":"Cinder City","URL":"https://doi.org/10.1000/abc.1","language":"en",
             "ISSN":["1234-5678","8765-4321"],"issn-type":[{"type":"electronic","value":"8765-4321"},{"type":"print","value":"1234-5678"}],
             "issued":{"date-parts":[[2019,5]]},"published-print":{"date-parts":[[2019,6,1]]},"published-online":{"date-parts":[[2019,5,2]]},
             "license":[{"URL":"https://tdm.example/licence","content-version":"tdm"},{"URL":"https://creativecommons.org/licenses/by/4.0/","content-version":"vor"}],
             "funder":[{"name":"Science Fund","DOI":"10.13039/1","award":["A-1","A-1","B-2"]},{"name":"Other Fund"}],
             "subject":["Ecology","Fire"],"reference-count":36,"references-count":36,"is-referenced-by-count":7,
             "author":[{"given":"Ann","family":"Ash","sequence":"first","ORCID":"http://orcid.org/0000-0002-1825-009x","affiliation":[{"name":"Uni A"},{"name":"Lab B"}]},
                       {"name":"Fire Consortium","sequence":"additional","affiliation":[]}],
             "editor":[{"given":"Ed","family":"Ember","affiliation":[]}]}
            """);

        reference.Id.ShouldBe("10.1000/abc.1");
        reference.Type.ShouldBe("article-journal");
        reference.Title.ShouldBe("Fire ecology: a review");
        reference.Get("title-short").ShouldBe("Fire");
        reference.Get("container-title-short").ShouldBe("J. Burn.");
        reference.Get("number").ShouldBe("e42");
        reference.Get("publisher-place").ShouldBe("Cinder City");
        reference.Get("ISSN").ShouldBe("1234-5678");
        reference.Custom["issn-print"].ShouldBe("1234-5678");
        reference.Custom["issn-electronic"].ShouldBe("8765-4321");
        reference.Custom["subtitle"].ShouldBe("a review");
        reference.Get("license").ShouldBe("https://creativecommons.org/licenses/by/4.0/");
        reference.Custom["funder"].ShouldBe("Science Fund <10.13039/1> [A-1, B-2]; Other Fund");
        reference.Custom["subject"].ShouldBe("Ecology; Fire");
        reference.Custom["reference-count"].ShouldBe("36");
        reference.Custom["cited-by-count"].ShouldBe("7");
        reference.Custom["published-print"].ShouldBe("2019-06-01");
        reference.GetDate("issued").ShouldBe(DateValue.FromParts(2019, 5));
        reference.GetDate("available-date").ShouldBe(DateValue.FromParts(2019, 5, 2));
        reference.Authors.Length.ShouldBe(2);
        reference.Authors[0].Orcid.ShouldBe("https://orcid.org/0000-0002-1825-009X");
        reference.Authors[0].Affiliations.ShouldBe(["Uni A", "Lab B"]);
        reference.Authors[1].Literal.ShouldBe("Fire Consortium");
        reference.Authors[1].IsInstitution.ShouldBeTrue();
        reference.GetNames("editor").Single().Family.ShouldBe("Ember");
    }

    [Fact]
    public void Maps_a_chapter_with_ISBNs_by_kind_and_an_event()
    {
        var reference = Map("""
            {"DOI":"10.1007/978-1_9","type":"book-chapter","title":["Ch"],"container-title":["The Book"],
             "ISBN":["9781590598160","9781430201977"],"isbn-type":[{"type":"print","value":"9781590598160"},{"type":"electronic","value":"9781430201977"}],
             "edition-number":"2","event":{"name":"Conf 2003","location":"Providence","start":{"date-parts":[[2003,5,19]]}}}
            """);

        reference.Type.ShouldBe("chapter");
        reference.Get("ISBN").ShouldBe("9781590598160");
        reference.Custom["isbn-electronic"].ShouldBe("9781430201977");
        reference.Get("edition").ShouldBe("2");
        reference.Get("event-title").ShouldBe("Conf 2003");
        reference.Get("event-place").ShouldBe("Providence");
        reference.GetDate("event-date").ShouldBe(DateValue.FromParts(2003, 5, 19));
    }

    [Fact]
    public void Maps_a_bare_work_with_only_a_DOI_and_title()
    {
        var reference = Map("""{"DOI":"10.1093/obo/9780199830060-0039","title":["Applied Ecology"]}""");

        reference.Type.ShouldBe("document");
        reference.Title.ShouldBe("Applied Ecology");
        reference.Year.ShouldBeNull();
        reference.Authors.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("""{"date-parts":[[null]]}""", null, null)]
    [InlineData("""{"date-parts":[["2016","9"]]}""", 2016, 9)]
    [InlineData("""{"date-parts":[[2016, 13]]}""", 2016, null)]
    [InlineData("""{"date-parts":[]}""", null, null)]
    [InlineData("""{}""", null, null)]
    public void Reads_odd_dates_without_failing(string issued, int? year, int? month)
    {
        var reference = Map($$"""{"DOI":"10.1/x","issued":{{issued}}}""");

        reference.Year.ShouldBe(year);
        (reference.GetDate("issued")?.Parts[0].Month).ShouldBe(month);
    }

    [Fact]
    public void A_work_without_a_DOI_is_a_response_error()
    {
        Should.Throw<CrossrefResponseException>(() => Map("""{"title":["x"]}"""));
        Should.Throw<CrossrefResponseException>(() => Map("""[1,2]"""));
    }

    [Theory]
    [InlineData("<jats:title>Abstract</jats:title><jats:p>One &amp; two.</jats:p>", "One & two.")]
    [InlineData("<jats:p>First <jats:italic>in situ</jats:italic> line.</jats:p>\n  <jats:p>Second.</jats:p>", "First in situ line.\nSecond.")]
    [InlineData("<jats:sec><jats:title>Background</jats:title><jats:p>B</jats:p></jats:sec><jats:sec><jats:title>Methods</jats:title><jats:p>M</jats:p></jats:sec>", "Background\nB\nMethods\nM")]
    [InlineData("<p>p &lt; 0.05 for H<sub>2</sub>O</p>", "p < 0.05 for H2O")]
    [InlineData("Plain text abstract.", "Plain text abstract.")]
    [InlineData("<jats:p>   </jats:p>", null)]
    public void Turns_JATS_into_plain_text(string jats, string? expected) =>
        Jats.ToPlainText(jats).ShouldBe(expected);

    [Theory]
    [InlineData("http://orcid.org/0000-0002-1825-0097", "https://orcid.org/0000-0002-1825-0097")]
    [InlineData("https://orcid.org/0000-0002-1825-009x", "https://orcid.org/0000-0002-1825-009X")]
    [InlineData("0000-0002-1825-0097", "https://orcid.org/0000-0002-1825-0097")]
    [InlineData("not-an-orcid", "not-an-orcid")]
    public void Normalises_ORCID_iDs_to_https_URLs(string text, string expected) =>
        CrossrefWorkMapper.Orcid(text).ShouldBe(expected);
}

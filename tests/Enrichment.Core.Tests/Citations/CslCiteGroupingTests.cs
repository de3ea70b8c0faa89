using System.Text.Json;
using Enrichment.Core.Citations;
using Enrichment.Core.Formats.CslJson;
using Enrichment.Core.Records;

namespace Enrichment.Core.Tests.Citations;

/// <summary>
/// Cite grouping and collapsing (CSL 1.0.2, Cite Grouping and Cite Collapsing): which cites form a group and
/// which delimiter goes between them. Styles and items are written here; the expected text follows the spec,
/// or the official test suite where the spec is silent.
/// </summary>
public sealed class CslCiteGroupingTests
{
    private static readonly CslLocale EnUs = CslLocale.Load(CslProcessorTests.Locale);

    private static string Style(string styleClass, string options, string layout) => $"""
        <style xmlns="http://purl.org/net/xbiblio/csl" class="{styleClass}" version="1.0">
          <info><id>test</id><title>Test</title></info>
          <citation {options}><layout prefix="(" suffix=")" delimiter="; ">{layout}</layout></citation>
        </style>
        """;

    private const string AuthorYear = """
        <group delimiter=" "><names variable="author"><name form="short"/></names><date variable="issued"><date-part name="year"/></date></group>
        """;

    private static Reference Item(string id, string family, int year)
    {
        using var document = JsonDocument.Parse(
            $$$"""{"id": "{{{id}}}", "type": "book", "title": "{{{id}}}", "author": [{"family": "{{{family}}}", "given": "Ann"}], "issued": {"date-parts": [[{{{year}}}]]}}""");
        return CslJsonConvert.Read(document.RootElement, "$");
    }

    private static string Cite(string styleClass, string options, string layout, params Reference[] items)
    {
        var processor = new CslProcessor(CslStyle.Load(Style(styleClass, options, layout)), EnUs);
        return processor.RenderCitation([.. items.Select(i => new CitationItem(i))]);
    }

    public static TheoryData<string, string, string, string> Delimiters => new()
    {
        {
            // Spec, cite-group-delimiter: defaults to ", " (grouping is described for in-text citations).
            "in-text, collapse year, default cite-group-delimiter",
            "in-text", """collapse="year" """, "(Doe 1999, 2000; Roe 2001)"
        },
        {
            // A note style that collapses without a cite-group-delimiter keeps the layout delimiter
            // (test suite: disambiguate_YearCollapseWithInstitution).
            "note, collapse year, no cite-group-delimiter",
            "note", """collapse="year" """, "(Doe 1999; 2000; Roe 2001)"
        },
        {
            "note, collapse year, explicit cite-group-delimiter",
            "note", """collapse="year" cite-group-delimiter=", " """, "(Doe 1999, 2000; Roe 2001)"
        },
    };

    [Theory]
    [MemberData(nameof(Delimiters))]
    public void Cites_in_a_collapsed_group_are_joined_by_the_cite_group_delimiter(string behaviour, string styleClass, string options, string expected)
    {
        Cite(styleClass, options, AuthorYear, Item("a", "Doe", 1999), Item("r", "Roe", 2001), Item("b", "Doe", 2000))
            .ShouldBe(expected, behaviour);
    }

    [Fact]
    public void Collapsed_year_suffixes_take_an_explicit_cite_group_delimiter_before_the_layout_delimiter()
    {
        // Spec: year-suffix-delimiter defaults to the layout delimiter; a cite-group-delimiter set on the
        // citation is the more specific delimiter for cites of one group (test suite:
        // name_CiteGroupDelimiterWithYearSuffixCollapse3).
        const string options = """collapse="year-suffix" cite-group-delimiter="," disambiguate-add-year-suffix="true" """;
        Cite("in-text", options, AuthorYear, Item("a", "Doe", 2000), Item("b", "Doe", 2000), Item("r", "Roe", 2001))
            .ShouldBe("(Doe 2000a,b; Roe 2001)");
        Cite("in-text", options + """year-suffix-delimiter=" / " """, AuthorYear, Item("a", "Doe", 2000), Item("b", "Doe", 2000))
            .ShouldBe("(Doe 2000a / b)");
    }

    [Fact]
    public void Cites_that_render_no_names_group_together()
    {
        // Spec, Cite Grouping: cites with identical rendered names group; a layout with no cs:names renders the
        // same (empty) names for every cite, so year-suffixes collapse.
        const string options = """collapse="year-suffix" year-suffix-delimiter="," disambiguate-add-year-suffix="true" """;
        Cite("in-text", options, """<date variable="issued"><date-part name="year"/></date>""", Item("a", "Doe", 1965), Item("b", "Doe", 1965))
            .ShouldBe("(1965a,b)");
    }
}

using System.Text.Json;
using Enrichment.Core.Citations;
using Enrichment.Core.Formats.CslJson;
using Enrichment.Core.Records;

namespace Enrichment.Core.Tests.Citations;

/// <summary>
/// Output rules of the CSL engine: quotes, names, substitution and display blocks. Each case is a small style
/// written here, one CSL-JSON item, and the text the CSL 1.0.2 specification calls for (or, where it is silent,
/// what the official test suite shows).
/// </summary>
public sealed class CslRenderingCaseTests
{
    private static readonly CslLocale EnUs = CslLocale.Load(CslProcessorTests.Locale);

    public static TheoryData<string, string, string, string> TextCases => new()
    {
        {
            // Quotes nested in quotes alternate the locale's open-quote and open-inner-quote terms by depth:
            // the third level is outer quotes again, whatever marks the input used.
            "quotes three deep",
            """{"id": "a", "type": "book", "title": "My “‘Amazing’ and Bogus” Title"}""",
            """<text variable="title" quotes="true"/>""",
            "“My ‘“Amazing” and Bogus’ Title”"
        },
        {
            // A straight quote right after an opening one opens too; the outer pair renders as outer quotes.
            "straight quotes opening together",
            """{"id": "a", "type": "book", "title": "'\"Data\" 2015'"}""",
            """<text variable="title"/>""",
            "“‘Data’ 2015”"
        },
        {
            // A quote at the start of a nocase span opens; the span still keeps its case.
            "quotes at the start of a nocase span",
            """{"id": "a", "type": "book", "title": "<span class=\"nocase\">\"Data b\"</span>"}""",
            """<text variable="title" text-case="uppercase"/>""",
            "“Data b”"
        },
        {
            // Single curly quotes with no quotes around them keep the marks the input chose.
            "single curly quotes at the top",
            """{"id": "a", "type": "book", "title": "A ‘word’ here"}""",
            """<text variable="title"/>""",
            "A ‘word’ here"
        },
        {
            // A given-name suffix ending in a no-break space separates the given name from the family name.
            "given-name suffix with a no-break space",
            """{"id": "a", "type": "book", "author": [{"family": "Lovelace", "given": "Ada"}]}""",
            """<names variable="author"><name><name-part name="given" suffix="&#160;"/></name></names>""",
            "Ada\u00a0Lovelace"
        },
        {
            // Spec, Substitute: substituted variables are suppressed in the rest of the output, which includes
            // the rest of the substituting macro.
            "variable substituted twice in one macro",
            """{"id": "a", "type": "book", "title": "Notes", "editor": [{"family": "Lovelace", "given": "Ada"}]}""",
            """<names variable="author"><substitute><text macro="editors"/></substitute></names><text variable="title" prefix=". "/>""",
            "Ada Lovelace. Notes"
        },
        {
            // A candidate that prints nothing uses nothing: the variable it touched is still there for the next.
            "empty substitute candidate frees its variables",
            """{"id": "a", "type": "book", "title": "..."}""",
            """<names variable="author"><substitute><text variable="title" strip-periods="true"/><text variable="title" prefix="[" suffix="]"/></substitute></names>""",
            "[...]"
        },
    };

    [Theory]
    [MemberData(nameof(TextCases))]
    public void Text_entry_follows_the_rule(string behaviour, string item, string layout, string expected)
    {
        var processor = new CslProcessor(CslStyle.Load(Style(layout)), EnUs);
        processor.RenderEntry(Read(item)).ShouldBe(expected, behaviour);
    }

    [Fact]
    public void The_layout_suffix_goes_inside_a_display_block_that_ends_the_entry()
    {
        var layout = """<group display="left-margin"><text value="1."/></group><group display="right-inline"><text variable="title"/></group>""";
        var processor = new CslProcessor(CslStyle.Load(Style(layout, layoutSuffix: ".")), EnUs);
        processor.RenderEntry(Read("""{"id": "a", "type": "book", "title": "Notes"}"""), CitationOutput.Html)
            .ShouldBe("""<div class="csl-left-margin">1.</div><div class="csl-right-inline">Notes.</div>""");
    }

    [Fact]
    public void A_display_block_opening_the_entry_drops_the_space_of_an_affix_that_separates_it_from_nothing()
    {
        var layout = """<group display="block"><names variable="author"/></group><group display="left-margin"><text variable="title" prefix=" "/></group>""";
        var processor = new CslProcessor(CslStyle.Load(Style(layout)), EnUs);
        processor.RenderEntry(Read("""{"id": "a", "type": "book", "title": "Notes"}"""), CitationOutput.Html)
            .ShouldBe("""<div class="csl-left-margin">Notes</div>""");
        processor.RenderEntry(Read("""{"id": "b", "type": "book", "title": "Notes", "author": [{"family": "Lovelace"}]}"""), CitationOutput.Html)
            .ShouldBe("""<div class="csl-block">Lovelace</div><div class="csl-left-margin"> Notes</div>""");
    }

    private static string Style(string layout, string layoutSuffix = "") => $"""
        <style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
          <info><id>test</id><title>Test</title></info>
          <macro name="editors"><names variable="editor"/><names variable="editor" prefix=" (" suffix=")"/></macro>
          <citation><layout><text variable="title"/></layout></citation>
          <bibliography><layout suffix="{layoutSuffix}">{layout}</layout></bibliography>
        </style>
        """;

    private static Reference Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        return CslJsonConvert.Read(document.RootElement, "$");
    }
}

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
        {
            // A particle ending in an apostrophe runs into the family name; a space the input put after it stays.
            "elided particle",
            """{"id": "a", "type": "book", "author": [{"family": "d'Alembert", "given": "Jean"}]}""",
            """<names variable="author"/>""",
            "Jean d’Alembert"
        },
        {
            "apostrophe particle followed by a space",
            """{"id": "a", "type": "book", "author": [{"family": "de' Medici", "given": "Lorenzo"}]}""",
            """<names variable="author"/>""",
            "Lorenzo de’ Medici"
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
    public void A_particle_that_opens_with_an_apostrophe_is_a_particle()
    {
        // Spec, Name-part order: with demote-non-dropping-particle="display-and-sort" the non-dropping particle
        // follows the given name in inverted names.
        var style = Style("""<names variable="author"><name name-as-sort-order="all"/></names>""",
            styleAttributes: """demote-non-dropping-particle="display-and-sort" """);
        var processor = new CslProcessor(CslStyle.Load(style), EnUs);
        processor.RenderEntry(Read("""{"id": "a", "type": "book", "author": [{"family": "'t Hooft", "given": "Gerard"}]}"""))
            .ShouldBe("Hooft, Gerard ’t");
    }

    [Fact]
    public void An_inverted_name_formats_its_particle_and_family_name_alike()
    {
        // Spec, Name-part formatting: the family name-part's formatting covers the non-dropping particle.
        var style = Style("""<names variable="author"><name name-as-sort-order="all"><name-part name="family" font-weight="bold"/></name></names>""",
            styleAttributes: """demote-non-dropping-particle="never" """);
        var processor = new CslProcessor(CslStyle.Load(style), EnUs);
        processor.RenderEntry(Read("""{"id": "a", "type": "book", "author": [{"family": "van Gogh", "given": "Vincent"}]}"""), CitationOutput.Html)
            .ShouldBe("<b>van</b> <b>Gogh</b>, Vincent");
    }

    [Fact]
    public void An_apostrophe_inside_a_sorted_name_sorts_before_the_letters_and_one_opening_it_is_passed_over()
    {
        var style = Style("""<names variable="author"/>""", sort: """<sort><key variable="author"/></sort>""",
            styleAttributes: """demote-non-dropping-particle="never" """);
        var processor = new CslProcessor(CslStyle.Load(style), EnUs);
        var items = new[] { "de' Frinkle", "'t Horvath", "Klabdaggit", "d'Wander" }
            .Select((family, i) => Read($$"""{"id": "i{{i}}", "type": "book", "author": [{"family": "{{family}}", "given": "A"}]}"""));
        processor.RenderBibliography(items).ShouldBe(["A d’Wander", "A de’ Frinkle", "A Klabdaggit", "A ’t Horvath"]);
    }

    [Theory]
    [InlineData("<b>Ada</b> Augusta", "<b>A.</b> A. Lovelace")]
    [InlineData("<b>Ada</b>-Augusta", "<b>A.</b>-A. Lovelace")]
    [InlineData("<i>A</i> A", "<i>A.</i> A. Lovelace")]
    public void A_given_name_with_markup_is_initialised_inside_its_markup(string given, string expected)
    {
        // Spec, initialize-with: given names are initialised with the attribute's value after each initial;
        // markup the input put around a name stays around its initial.
        var style = Style("""<names variable="author"><name initialize-with=". "/></names>""");
        var processor = new CslProcessor(CslStyle.Load(style), EnUs);
        var item = Read($$"""{"id": "a", "type": "book", "author": [{"family": "Lovelace", "given": "{{given}}"}]}""");
        processor.RenderEntry(item, CitationOutput.Html).ShouldBe(expected);
    }

    [Fact]
    public void A_term_of_only_indentation_is_empty()
    {
        // Spec, et-al: the term is printed after the names kept; an empty term prints nothing, and the
        // line break and indentation inside the term element are the file's layout, not the term.
        var style = Style("""<names variable="author"><name et-al-min="2" et-al-use-first="1"/><et-al term="and others"/></names>""",
            locale: "<locale><terms><term name=\"and others\">\n      </term></terms></locale>");
        var processor = new CslProcessor(CslStyle.Load(style), EnUs);
        var item = Read("""{"id": "a", "type": "book", "author": [{"family": "Lovelace", "given": "Ada"}, {"family": "Babbage", "given": "Charles"}]}""");
        processor.RenderEntry(item).ShouldBe("Ada Lovelace");
    }

    [Fact]
    public void An_exclamation_mark_after_a_quote_displaces_a_colon_and_moves_inside_the_quote()
    {
        // Spec, punctuation-in-quote: punctuation following the quoted text goes inside the closing quote.
        var style = Style("""<text value="colon" quotes="true" suffix=":"/><text value="next" prefix="! "/>""",
            locale: """<locale><style-options punctuation-in-quote="true"/></locale>""");
        var processor = new CslProcessor(CslStyle.Load(style), EnUs);
        processor.RenderEntry(Read("""{"id": "a", "type": "book"}""")).ShouldBe("“colon!” next");
    }

    [Theory]
    [InlineData("complete-all", "Doe & Smith. 2002.", "Doe, Stevens & Miller. 2003.", "---. 2004.")]
    [InlineData("complete-each", "Doe & Smith. 2002.", "Doe, Stevens & Miller. 2003.", "---, --- & ---. 2004.")]
    [InlineData("partial-each", "Doe & Smith. 2002.", "---, Stevens & Miller. 2003.", "---, --- & ---. 2004.")]
    [InlineData("partial-first", "Doe & Smith. 2002.", "---, Stevens & Miller. 2003.", "---, Stevens & Miller. 2004.")]
    public void Subsequent_author_substitute_follows_its_rule(string rule, string first, string second, string third)
    {
        // Spec, subsequent-author-substitute-rule: complete-all replaces a fully matching list, complete-each each
        // name of it; partial-each each name matching from the first on, partial-first only the first of those.
        var style = $$"""
            <style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
              <info><id>test</id><title>Test</title></info>
              <citation><layout><text variable="title"/></layout></citation>
              <bibliography subsequent-author-substitute="---" subsequent-author-substitute-rule="{{rule}}">
                <layout suffix="."><group delimiter=". ">
                  <names variable="author"><name form="short" and="symbol" delimiter-precedes-last="never"/></names>
                  <date variable="issued"><date-part name="year"/></date>
                </group></layout>
              </bibliography>
            </style>
            """;
        var processor = new CslProcessor(CslStyle.Load(style), EnUs);
        static Reference Entry(string id, int year, params string[] families) =>
            Read($$"""{"id": "{{id}}", "type": "book", "issued": {"date-parts": [[{{year}}]]}, "author": [{{string.Join(", ", families.Select(f => $$"""{"family": "{{f}}"}"""))}}]}""");
        processor.RenderBibliography([Entry("a", 2002, "Doe", "Smith"), Entry("b", 2003, "Doe", "Stevens", "Miller"), Entry("c", 2004, "Doe", "Stevens", "Miller")])
            .ShouldBe([first, second, third]);
    }

    [Fact]
    public void Subsequent_author_substitute_by_name_treats_a_substituted_title_as_one_name()
    {
        var style = """
            <style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
              <info><id>test</id><title>Test</title></info>
              <citation><layout><text variable="title"/></layout></citation>
              <bibliography subsequent-author-substitute="---" subsequent-author-substitute-rule="partial-each">
                <layout><names variable="author"><substitute><text variable="title"/></substitute></names></layout>
              </bibliography>
            </style>
            """;
        var processor = new CslProcessor(CslStyle.Load(style), EnUs);
        processor.RenderBibliography([Read("""{"id": "a", "type": "book", "title": "Notes"}"""), Read("""{"id": "b", "type": "book", "title": "Notes"}""")])
            .ShouldBe(["Notes", "---"]);
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

    private static string Style(string layout, string layoutSuffix = "", string sort = "", string styleAttributes = "",
        string locale = "") => $"""
        <style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0" {styleAttributes}>
          <info><id>test</id><title>Test</title></info>
          {locale}
          <macro name="editors"><names variable="editor"/><names variable="editor" prefix=" (" suffix=")"/></macro>
          <citation><layout><text variable="title"/></layout></citation>
          <bibliography>{sort}<layout suffix="{layoutSuffix}">{layout}</layout></bibliography>
        </style>
        """;

    private static Reference Read(string json) => CslJsonConvert.Deserialize(json);
}

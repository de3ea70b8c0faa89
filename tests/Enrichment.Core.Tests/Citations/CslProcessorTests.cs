using System.Collections.Immutable;
using Enrichment.Core.Citations;
using Enrichment.Core.Citations.Csl.Rendering;
using Enrichment.Core.Records;

namespace Enrichment.Core.Tests.Citations;

/// <summary>Small styles and items written for these tests; the official suite runs in Suite/.</summary>
public sealed class CslProcessorTests
{
    // A tiny locale of our own, so these tests need nothing outside the repository.
    internal const string Locale = """
        <locale xmlns="http://purl.org/net/xbiblio/csl" version="1.0" xml:lang="en-US">
          <style-options punctuation-in-quote="true"/>
          <date form="text">
            <date-part name="month" suffix=" "/>
            <date-part name="day" suffix=", "/>
            <date-part name="year"/>
          </date>
          <terms>
            <term name="and">and</term>
            <term name="et-al">et al.</term>
            <term name="no date" form="short">n.d.</term>
            <term name="editor" form="short"><single>ed.</single><multiple>eds.</multiple></term>
            <term name="page" form="short"><single>p.</single><multiple>pp.</multiple></term>
            <term name="open-quote">“</term>
            <term name="close-quote">”</term>
            <term name="open-inner-quote">‘</term>
            <term name="close-inner-quote">’</term>
            <term name="ordinal">th</term>
            <term name="ordinal-01">st</term>
            <term name="ordinal-02">nd</term>
            <term name="ordinal-03">rd</term>
            <term name="ordinal-11">th</term>
            <term name="ordinal-12">th</term>
            <term name="ordinal-13">th</term>
            <term name="month-01">January</term>
            <term name="month-03">March</term>
            <term name="month-05">May</term>
          </terms>
        </locale>
        """;

    private static readonly CslLocale EnUs = CslLocale.Load(Locale);

    private static string Style(string bibliographyLayout, string options = "", string citationLayout = "<text variable=\"title\"/>") => $"""
        <style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
          <info><id>test</id><title>Test</title></info>
          <citation {options}><layout delimiter="; ">{citationLayout}</layout></citation>
          <bibliography><layout>{bibliographyLayout}</layout></bibliography>
        </style>
        """;

    private static Reference Item(string id = "a", string type = "article-journal", params (string Name, string Value)[] variables) =>
        new()
        {
            Id = id,
            Type = type,
            Variables = variables.ToImmutableSortedDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal),
        };

    private static PersonName Person(string family, string given) => new() { Family = family, Given = given };

    private static string Entry(string layout, Reference item, CitationOutput output = CitationOutput.Text) =>
        new CslProcessor(CslStyle.Load(Style(layout)), EnUs).RenderEntry(item, output);

    public static TheoryData<string, string> NameCases => new()
    {
        { """<names variable="author"><name/></names>""", "Ada Lovelace, Charles Babbage, Mary Somerville" },
        { """<names variable="author"><name and="symbol" initialize-with=". "/></names>""", "A. Lovelace, C. Babbage, & M. Somerville" },
        { """<names variable="author"><name name-as-sort-order="first" and="text" delimiter-precedes-last="never"/></names>""", "Lovelace, Ada, Charles Babbage and Mary Somerville" },
        { """<names variable="author"><name et-al-min="3" et-al-use-first="1"/></names>""", "Ada Lovelace et al." },
        { """<names variable="author"><name et-al-min="3" et-al-use-first="2"/></names>""", "Ada Lovelace, Charles Babbage, et al." },
        { """<names variable="author"><name form="short" and="text"/></names>""", "Lovelace, Babbage, and Somerville" },
        { """<names variable="author"><name et-al-min="3" et-al-use-first="1" et-al-use-last="true"/></names>""", "Ada Lovelace, … Mary Somerville" },
        { """<names variable="author"><name form="count"/></names>""", "3" },
    };

    [Theory]
    [MemberData(nameof(NameCases))]
    public void Renders_name_lists_as_the_name_options_say(string layout, string expected)
    {
        var item = Item().WithNames("author", [Person("Lovelace", "Ada"), Person("Babbage", "Charles"), Person("Somerville", "Mary")]);
        Entry(layout, item).ShouldBe(expected);
    }

    [Theory]
    [InlineData("Jean-Luc", ". ", "J.-L.")]
    [InlineData("John Aloysius", ". ", "J. A.")]
    [InlineData("John Aloysius", "", "JA")]
    [InlineData("Ph. M.", ". ", "Ph. M.")]
    public void Initialises_given_names(string given, string with, string expected)
    {
        var item = Item().WithNames("author", [Person("Picard", given)]);
        Entry($"""<names variable="author"><name name-as-sort-order="all" initialize-with="{with}"/></names>""", item)
            .ShouldBe("Picard, " + expected);
    }

    [Fact]
    public void Keeps_particles_with_the_family_name_in_display_order_and_demotes_them_when_inverted()
    {
        var item = Item().WithNames("author", [new PersonName { Family = "Gogh", Given = "Vincent", NonDroppingParticle = "van" }]);
        Entry("""<names variable="author"><name/></names>""", item).ShouldBe("Vincent van Gogh");
        Entry("""<names variable="author"><name name-as-sort-order="all"/></names>""", item).ShouldBe("Gogh, Vincent van");
    }

    [Fact]
    public void Substitutes_the_title_for_missing_authors_and_does_not_repeat_it()
    {
        var item = Item(variables: ("title", "Anonymous Work"));
        Entry("""<group delimiter=". "><names variable="author"><substitute><text variable="title"/></substitute></names><text variable="title"/></group>""", item)
            .ShouldBe("Anonymous Work");
    }

    public static TheoryData<DateValue, string, string> DateCases => new()
    {
        { DateValue.FromParts(2016, 3, 1), """<date variable="issued" form="text"/>""", "March 1, 2016" },
        { DateValue.FromParts(2016, 3), """<date variable="issued" form="text" date-parts="year-month"/>""", "March 2016" },
        { new DateValue { Parts = [new DatePart(2016, 1, 5), new DatePart(2016, 3, 5)] }, """<date variable="issued" form="text"/>""", "January 5–March 5, 2016" },
        { new DateValue { Parts = [new DatePart(2014), new DatePart(2016)] }, """<date variable="issued"><date-part name="year"/></date>""", "2014–2016" },
        { DateValue.FromParts(2016, 5, 2), """<date variable="issued"><date-part name="day" form="ordinal" suffix=" "/><date-part name="month" form="short" strip-periods="true"/></date>""", "2nd May" },
        { new DateValue { Literal = "forthcoming" }, """<date variable="issued" form="text"/>""", "forthcoming" },
    };

    [Theory]
    [MemberData(nameof(DateCases))]
    public void Renders_dates_in_localised_and_explicit_forms(DateValue date, string layout, string expected) =>
        Entry(layout, Item().WithDate("issued", date)).ShouldBe(expected);

    [Theory]
    [InlineData("321-28", "expanded", "321–328")]
    [InlineData("321-328", "minimal", "321–8")]
    [InlineData("321-328", "minimal-two", "321–28")]
    [InlineData("1496-1504", "chicago", "1496–1504")]
    [InlineData("71-72", "chicago", "71–72")]
    [InlineData("107-108", "chicago", "107–8")]
    [InlineData("12-15", null, "12–15")]
    public void Formats_page_ranges(string pages, string? format, string expected) =>
        PageRange.Format(pages, format, "\u2013").ShouldBe(expected);

    [Theory]
    [InlineData("title", "the art of computer programming: a history", "The Art of Computer Programming: A History")]
    [InlineData("uppercase", "Deep <span class=\"nocase\">learning</span>", "DEEP learning")]
    [InlineData("capitalize-first", "on growth and form", "On growth and form")]
    [InlineData("lowercase", "ON GROWTH", "on growth")]
    public void Applies_text_case_and_respects_nocase_spans(string textCase, string title, string expected) =>
        Entry($"""<text variable="title" text-case="{textCase}"/>""", Item(variables: ("title", title))).ShouldBe(expected);

    [Fact]
    public void Suppresses_a_group_whose_variables_are_all_empty()
    {
        var layout = """<group delimiter=" "><text value="Volume"/><text variable="volume"/></group><text variable="title" prefix="[" suffix="]"/>""";
        Entry(layout, Item(variables: ("title", "T"))).ShouldBe("[T]");
        Entry(layout, Item(variables: [("title", "T"), ("volume", "4")])).ShouldBe("Volume 4[T]");
    }

    [Fact]
    public void Writes_html_with_escaped_text_flip_flopped_italics_and_quotes()
    {
        var item = Item(variables: [("title", "Tom & Jerry in <i>Paris</i>"), ("container-title", "Cats")]);
        Entry("""<text variable="title" font-style="italic" suffix=". "/><text variable="container-title" quotes="true" suffix="."/>""", item, CitationOutput.Html)
            .ShouldBe("<i>Tom &#38; Jerry in <span style=\"font-style:normal;\">Paris</span></i>. “Cats.”");
    }

    [Theory]
    [InlineData("3", "ordinal", "3rd")]
    [InlineData("12", "ordinal", "12th")]
    [InlineData("22", "ordinal", "22nd")]
    [InlineData("14", "roman", "xiv")]
    [InlineData("2nd", "numeric", "2nd")]
    public void Renders_numbers_in_their_forms(string edition, string form, string expected) =>
        Entry($"""<number variable="edition" form="{form}"/>""", Item(variables: ("edition", edition))).ShouldBe(expected);

    [Fact]
    public void Adds_year_suffixes_to_otherwise_identical_author_date_citations()
    {
        var style = CslStyle.Load(Style(
            """<text variable="title"/>""",
            "disambiguate-add-year-suffix=\"true\"",
            """<group delimiter=" "><names variable="author"><name form="short"/></names><date variable="issued"><date-part name="year"/></date></group>"""));
        var processor = new CslProcessor(style, EnUs);
        var first = Item("one", variables: ("title", "Alpha")).WithNames("author", [Person("Doe", "Jo")]).WithDate("issued", DateValue.FromParts(2001));
        var second = Item("two", variables: ("title", "Beta")).WithNames("author", [Person("Doe", "Jo")]).WithDate("issued", DateValue.FromParts(2001));
        processor.RenderCitation([new CitationItem(first), new CitationItem(second)]).ShouldBe("Doe 2001a; Doe 2001b");
    }

    [Fact]
    public void Tells_apart_items_whose_subsequent_short_forms_clash_though_their_first_forms_differ()
    {
        // A note style: the first cite shows the title, a later one only the author unless it is ambiguous.
        var style = CslStyle.Load(Style(
            """<text variable="title"/>""",
            "",
            """
            <choose>
              <if position="subsequent"><group delimiter=", "><names variable="author"><name form="short"/></names>
                <choose><if disambiguate="true"><text variable="title"/></if></choose></group></if>
              <else><group delimiter=", "><names variable="author"><name form="short"/></names><text variable="title"/></group></else>
            </choose>
            """));
        var processor = new CslProcessor(style, EnUs);
        var alpha = Item("one", variables: ("title", "Alpha")).WithNames("author", [Person("Doe", "Jo")]);
        var beta = Item("two", variables: ("title", "Beta")).WithNames("author", [Person("Doe", "Jo")]);
        var solo = Item("three", variables: ("title", "Gamma")).WithNames("author", [Person("Roe", "Al")]);
        var session = new Session(processor.Engine, [alpha, beta, solo]);
        session.Prepare();
        IReadOnlyList<Reference> refs = [alpha, beta, solo];
        List<CiteInfo> first = [new(), new(), new()];
        List<CiteInfo> later = [new(), new(), new()];
        session.AssignPositions([(refs, first, 1), (refs, later, 2)]);

        session.RenderCitation(refs, first, html: false).ShouldBe("Doe, Alpha; Doe, Beta; Roe, Gamma");
        session.RenderCitation(refs, later, html: false).ShouldBe("Doe, Alpha; Doe, Beta; Roe");
    }

    [Fact]
    public void Sorts_the_bibliography_by_its_keys_and_numbers_the_entries()
    {
        var style = CslStyle.Load("""
            <style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
              <citation><layout><text variable="citation-number"/></layout></citation>
              <bibliography>
                <sort><key variable="author"/></sort>
                <layout><text variable="citation-number" suffix=". "/><names variable="author"><name form="short"/></names></layout>
              </bibliography>
            </style>
            """);
        var zed = Item("z").WithNames("author", [Person("Zed", "A")]);
        var abe = Item("a").WithNames("author", [Person("Abe", "B")]);
        new CslProcessor(style, EnUs).RenderBibliography([zed, abe]).ShouldBe(["1. Abe", "2. Zed"]);
    }

    [Fact]
    public void Refuses_a_dependent_style_until_its_parent_is_given()
    {
        var dependent = CslStyle.Load("""
            <style xmlns="http://purl.org/net/xbiblio/csl" version="1.0" default-locale="en-GB">
              <info><id>child</id><link rel="independent-parent" href="http://www.zotero.org/styles/parent"/></info>
            </style>
            """);
        dependent.IsDependent.ShouldBeTrue();
        Should.Throw<InvalidOperationException>(() => new CslProcessor(dependent, EnUs));
        var resolved = dependent.WithParent(CslStyle.Load(Style("""<text variable="title"/>""")));
        new CslProcessor(resolved, EnUs).RenderEntry(Item(variables: ("title", "T"))).ShouldBe("T");
        resolved.DefaultLocale.ShouldBe("en-GB");
    }

    [Fact]
    public void Rejects_text_that_is_not_a_style() =>
        Should.Throw<FormatException>(() => CslStyle.Load("<locale/>"));
}

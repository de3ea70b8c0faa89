using Enrichment.Core.Citations;
using Enrichment.Core.Formats.CslJson;
using Enrichment.Core.Records;

namespace Enrichment.Core.Tests.Citations;

/// <summary>
/// One case per behaviour the comparison with citeproc-js (bench/Citations) found wrong: a small style written
/// here, one CSL-JSON item, and the text the CSL 1.0.2 specification (or the official test suite, where the
/// specification is silent) calls for.
/// </summary>
public sealed class CslSpecCaseTests
{
    private static readonly CslLocale EnUs = CslLocale.Load(CslProcessorTests.Locale);

    public static TheoryData<string, string, string, string> Cases => new()
    {
        {
            // Spec, Date: a localized date (form set) takes its delimiter from the locale's cs:date, here the
            // style's own locale section; the cs:date in the layout may not override it.
            "localized date delimiter",
            """
            <locale><date form="numeric" delimiter=" "><date-part name="year"/><date-part name="month" form="numeric"/><date-part name="day"/></date></locale>
            """,
            """<date variable="issued" form="numeric"/>""",
            "2011 9 19"
        },
        {
            // Spec, Names: cs:label placed after cs:name puts the term after the names; without a cs:name
            // the implied one comes first, so the label still follows.
            "label without cs:name",
            "",
            """<names variable="editor"><label form="short" prefix=", "/></names>""",
            "Ada Lovelace, ed."
        },
        {
            "label before cs:name",
            "",
            """<names variable="editor"><label form="short" suffix=" "/><name/></names>""",
            "ed. Ada Lovelace"
        },
        {
            // Spec, Substitute: a substituted variable is suppressed in the rest of the output and for group
            // suppression; a condition still sees it (as citeproc-js does).
            "substituted variable in a condition",
            "",
            """<names variable="author"><substitute><names variable="editor"/></substitute></names><choose><if variable="editor"><text value="edited" prefix=" (" suffix=")"/></if></choose><names variable="editor" prefix=" "/>""",
            "Ada Lovelace (edited)"
        },
        {
            // Spec, Text-case: capitalize-first capitalises the first word if it is lowercase, capitalize-all
            // every lowercase word; a word with capitals in it is left as written.
            "capitalize-first, mixed-case first word",
            "",
            """<text value="openRxiv server" text-case="capitalize-first"/>""",
            "openRxiv server"
        },
        {
            "capitalize-first, lowercase first word",
            "",
            """<text value="preprint, openRxiv" text-case="capitalize-first"/>""",
            "Preprint, openRxiv"
        },
        {
            "capitalize-all",
            "",
            """<text value="the openRxiv server" text-case="capitalize-all"/>""",
            "The openRxiv Server"
        },
        {
            // Spec, Group: a non-empty nested group counts as a non-empty variable for the outer group, so an
            // empty variable beside it does not suppress the outer group.
            "nested group of values beside an empty variable",
            "",
            """<group delimiter=" "><text variable="URL"/><group><text value="no link"/></group></group>""",
            "no link"
        },
        {
            "group of an empty variable and a term only",
            "",
            """<text variable="title"/><group delimiter=" " prefix=" "><text value="at"/><text variable="URL"/></group>""",
            "Notes"
        },
    };

    private const string Item = """
        {"id": "x", "type": "book", "title": "Notes", "editor": [{"family": "Lovelace", "given": "Ada"}],
         "issued": {"date-parts": [[2011, 9, 19]]}}
        """;

    private static string Style(string locale, string layout, string citation = """<text variable="title"/>""") => $"""
        <style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
          <info><id>test</id><title>Test</title></info>
          {locale}
          <citation><layout prefix="(" suffix=")" delimiter="; ">{citation}</layout></citation>
          <bibliography><layout>{layout}</layout></bibliography>
        </style>
        """;

    private static Reference Read(string json) => CslJsonConvert.Deserialize(json);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bibliography_entry_follows_the_specification(string behaviour, string locale, string layout, string expected)
    {
        var processor = new CslProcessor(CslStyle.Load(Style(locale, layout)), EnUs);
        processor.RenderEntry(Read(Item)).ShouldBe(expected, behaviour);
    }

    [Fact]
    public void A_date_range_keeps_the_delimiter_between_the_range_and_the_parts_it_shares()
    {
        // Spec, Date Ranges: the differing parts are joined by the range delimiter; the date's delimiter still
        // separates the shared parts.
        const string locale = """
            <locale><date form="numeric" delimiter=" "><date-part name="day"/><date-part name="month" form="numeric"/><date-part name="year"/></date></locale>
            """;
        var processor = new CslProcessor(CslStyle.Load(Style(locale, """<date variable="issued" form="numeric"/>""")), EnUs);
        var item = Read("""{"id": "r", "type": "book", "issued": {"date-parts": [[2011, 9, 19], [2011, 9, 21]]}}""");
        processor.RenderEntry(item).ShouldBe("19\u201321 9 2011");
    }

    [Fact]
    public void A_first_cite_with_no_printed_form_says_so_inside_the_layout_affixes()
    {
        // The official suite (date_DateNoDateNoTest) expects this text where a style prints nothing for a cite.
        var processor = new CslProcessor(CslStyle.Load(Style("", "<text variable=\"title\"/>", "<text variable=\"URL\"/>")), EnUs);
        processor.RenderCitation([new CitationItem(Read(Item))])
            .ShouldBe("([CSL STYLE ERROR: reference with no printed form.])");
    }

    [Fact]
    public void An_empty_cite_after_a_printed_one_drops_out()
    {
        var processor = new CslProcessor(CslStyle.Load(Style("", "<text variable=\"title\"/>", "<text variable=\"URL\"/>")), EnUs);
        var printed = Read("""{"id": "y", "type": "webpage", "URL": "https://example.org/"}""");
        processor.RenderCitation([new CitationItem(printed), new CitationItem(Read(Item))])
            .ShouldBe("(https://example.org/)");
    }
}

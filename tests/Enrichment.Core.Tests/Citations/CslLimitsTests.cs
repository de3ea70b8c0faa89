using System.Collections.Immutable;
using System.Text;
using System.Text.RegularExpressions;
using Enrichment.Core.Citations;
using Enrichment.Core.Records;

namespace Enrichment.Core.Tests.Citations;

/// <summary>
/// Hostile styles and items: each case here once overflowed the stack and killed the host. A style is refused
/// with a FormatException; deep markup in item text renders, the markup beyond the limit kept as literal text.
/// </summary>
public sealed partial class CslLimitsTests
{
    private static readonly CslLocale EnUs = CslLocale.Load(CslProcessorTests.Locale);

    private static string Style(string layout, string macros = "", string sort = "") => $"""
        <style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
          <info><id>limits</id><title>Limits</title></info>
          {macros}
          <citation><layout><text variable="title"/></layout></citation>
          <bibliography>{sort}<layout>{layout}</layout></bibliography>
        </style>
        """;

    private static Reference Titled(string title) => new()
    {
        Id = "deep",
        Type = "book",
        Variables = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("title", title)]),
    };

    private static string Entry(string style, string title, CitationOutput output = CitationOutput.Text) =>
        new CslProcessor(CslStyle.Load(style), EnUs).RenderEntry(Titled(title), output);

    private static string Nested(string open, string close, int depth, string inner) =>
        string.Concat(Enumerable.Repeat(open, depth)) + inner + string.Concat(Enumerable.Repeat(close, depth));

    // ---------- macro cycles ----------

    public static TheoryData<string, string, string[]> MacroCycles => new()
    {
        {
            "a macro that calls itself",
            Style("""<text macro="self"/>""", """<macro name="self"><text variable="title"/><text macro="self"/></macro>"""),
            ["self"]
        },
        {
            "three macros in a cycle, the call inside a group and a choose",
            Style("""<text macro="first"/>""", """
                <macro name="first"><group><text macro="second"/></group></macro>
                <macro name="second"><choose><if variable="title"><text macro="third"/></if></choose></macro>
                <macro name="third"><text macro="first"/></macro>
                """),
            ["first", "second", "third"]
        },
        {
            "a cycle reached only through a sort key",
            Style("""<text variable="title"/>""", """
                <macro name="sort-by"><text macro="sort-helper"/></macro>
                <macro name="sort-helper"><names variable="author"><substitute><text macro="sort-by"/></substitute></names></macro>
                """, """<sort><key macro="sort-by"/></sort>"""),
            ["sort-by", "sort-helper"]
        },
        {
            "a cycle in a macro nothing calls",
            Style("""<text variable="title"/>""", """<macro name="unused"><text macro="unused"/></macro>"""),
            ["unused"]
        },
    };

    [Theory]
    [MemberData(nameof(MacroCycles))]
    public void A_macro_cycle_is_refused_naming_its_macros(string description, string style, string[] macros)
    {
        var ex = Should.Throw<FormatException>(() => CslStyle.Load(style), description);

        ex.Message.ShouldContain("cycle");
        foreach (var macro in macros)
        {
            ex.Message.ShouldContain(macro);
        }
    }

    // ---------- style nesting ----------

    public static TheoryData<string, string> TooDeepStyles => new()
    {
        { "10,000 nested groups", Style(Nested("<group>", "</group>", 10_000, """<text variable="title"/>""")) },
        { "30,000 nested groups", Style(Nested("<group>", "</group>", 30_000, """<text variable="title"/>""")) },
        { "30,000 nested groups in a macro", Style("""<text macro="deep"/>""", $"""<macro name="deep">{Nested("<group>", "</group>", 30_000, "")}</macro>""") },
        { "10,000 nested choose", Style(Nested("<choose><if variable=\"title\">", "</if></choose>", 10_000, """<text variable="title"/>""")) },
        { "a chain of 5,000 macros", Style("""<text macro="m0"/>""", MacroChain(5_000)) },
        {
            "two macros each within the limit, one called 200 groups deep in the other",
            Style("""<text macro="outer"/>""", $"""
                <macro name="outer">{Nested("<group>", "</group>", 200, """<text macro="inner"/>""")}</macro>
                <macro name="inner">{Nested("<group>", "</group>", 200, """<text variable="title"/>""")}</macro>
                """)
        },
    };

    private static string MacroChain(int length)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < length - 1; i++)
        {
            sb.Append($"""<macro name="m{i}"><text macro="m{i + 1}"/></macro>""");
        }

        return sb.Append($"""<macro name="m{length - 1}"><text variable="title"/></macro>""").ToString();
    }

    [Theory]
    [MemberData(nameof(TooDeepStyles))]
    public void A_style_nested_deeper_than_the_limit_is_refused(string description, string style)
    {
        var ex = Should.Throw<FormatException>(() => CslStyle.Load(style), description);

        ex.Message.ShouldContain($"limit of {CslLimits.Default.MaxElementDepth}");
    }

    [Fact]
    public void Groups_nested_up_to_the_limit_render_and_one_more_is_refused()
    {
        // The layout's children sit at depth 4 (style, citation or bibliography, layout), the text inside the groups.
        var deepest = CslLimits.Default.MaxElementDepth - 4;

        Entry(Style(Nested("<group>", "</group>", deepest, """<text variable="title"/>""")), "Deep").ShouldBe("Deep");
        Should.Throw<FormatException>(() => CslStyle.Load(Style(Nested("<group>", "</group>", deepest + 1, """<text variable="title"/>"""))));
    }

    [Fact]
    public void The_deepest_style_with_the_deepest_markup_renders_on_a_small_stack()
    {
        // Both limits at once, on a thread with less stack than a thread-pool thread gets: the bound has headroom.
        var style = Style(Nested("<group>", "</group>", CslLimits.Default.MaxElementDepth - 4, """<text variable="title" text-case="title"/>"""));
        var title = Nested("<i>", "</i>", CslLimits.Default.MaxRichTextDepth, "deep");
        string? rendered = null;
        var thread = new Thread(() => rendered = Entry(style, title, CitationOutput.Html), maxStackSize: 512 * 1024);

        thread.Start();
        thread.Join();

        rendered.ShouldNotBeNull().ShouldContain("Deep");
    }

    [Fact]
    public void A_long_macro_chain_within_the_limit_renders()
    {
        Entry(Style("""<text macro="m0"/>""", MacroChain(200)), "Chained").ShouldBe("Chained");
    }

    [Fact]
    public void A_style_larger_than_the_size_limit_is_refused()
    {
        var padding = new string(' ', CslLimits.Default.MaxStyleBytes);
        var style = Style("""<text variable="title"/>""").Replace("<info>", padding + "<info>", StringComparison.Ordinal);

        Should.Throw<FormatException>(() => CslStyle.Load(style)).Message.ShouldContain("larger than the limit");
    }

    [Fact]
    public void Limits_are_options_a_host_can_tighten()
    {
        var style = Style(Nested("<group>", "</group>", 20, """<text variable="title"/>"""));

        CslStyle.Load(style).ShouldNotBeNull();
        Should.Throw<FormatException>(() => CslStyle.Load(style, new CslLimits { MaxElementDepth = 16 }));
        Should.Throw<FormatException>(() => CslStyle.Load(style, new CslLimits { MaxStyleBytes = 100 }));
    }

    [Fact]
    public void A_limit_beyond_what_the_stack_can_take_is_rejected()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => CslStyle.Load(Style("""<text variable="title"/>"""), new CslLimits { MaxElementDepth = 100_000 }));
        Should.Throw<ArgumentOutOfRangeException>(() => CslStyle.Load(Style("""<text variable="title"/>"""), new CslLimits { MaxRichTextDepth = 100_000 }));
    }

    [Fact]
    public void A_style_with_a_DTD_is_refused()
    {
        const string style = """
            <?xml version="1.0"?>
            <!DOCTYPE style [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
            <style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
              <citation><layout><text value="&b;"/></layout></citation>
            </style>
            """;

        Should.Throw<FormatException>(() => CslStyle.Load(style));
    }

    // ---------- markup in item text ----------

    public static TheoryData<string, string, string, int> DeepMarkup => new()
    {
        { "<i>", "</i>", "12,000 italics", 12_000 },
        { "<i>", "</i>", "30,000 italics", 30_000 },
        { "<b>", "</b>", "30,000 bolds", 30_000 },
        { "<span class=\"nocase\">", "</span>", "30,000 nocase spans", 30_000 },
        { "<sup>", "</sup>", "30,000 superscripts", 30_000 },
        { "<i><b><sup><sc><span class=\"nocase\">", "</span></sc></sup></b></i>", "mixed, 5 x 6,000", 6_000 },
    };

    [Theory]
    [MemberData(nameof(DeepMarkup))]
    public void Deeply_nested_markup_in_a_title_renders_and_keeps_its_text(string open, string close, string description, int depth)
    {
        var title = Nested(open, close, depth, "Deep");
        var style = Style("""<text variable="title" text-case="title"/>""");

        var text = Entry(style, title);
        var html = Entry(style, title, CitationOutput.Html);

        text.ShouldContain("Deep", customMessage: description);
        html.ShouldContain("Deep", customMessage: description);
        // The markup past the limit is literal text, all of it, so only the opening part within the limit is gone.
        var literalOpens = depth * CountMarks(open) - CslLimits.Default.MaxRichTextDepth;
        CountMarks(text[..text.IndexOf("Deep", StringComparison.Ordinal)]).ShouldBe(literalOpens, description);
    }

    [Fact]
    public void Deeply_nested_quotes_in_a_title_render_and_keep_their_marks()
    {
        const int depth = 12_000;

        var text = Entry(Style("""<text variable="title"/>"""), Nested("\u201c", "\u201d", depth, "Deep"));

        // Quotes within the limit alternate outer and inner marks; the rest stay as the input wrote them.
        var opening = text[..text.IndexOf("Deep", StringComparison.Ordinal)];
        opening.Count(c => c is '\u201c' or '\u2018').ShouldBe(depth);
    }

    [Fact]
    public void Openings_that_never_close_keep_their_text()
    {
        var title = string.Concat(Enumerable.Repeat("<i>x", 30_000));

        var text = Entry(Style("""<text variable="title"/>"""), title);

        text.Count(c => c == 'x').ShouldBe(30_000);
    }

    [Fact]
    public void Markup_up_to_the_limit_is_formatting_and_one_level_more_is_literal()
    {
        var style = Style("""<text variable="title"/>""");
        var limit = CslLimits.Default.MaxRichTextDepth;

        Entry(style, Nested("<i>", "</i>", limit, "Deep")).ShouldBe("Deep");
        Entry(style, Nested("<b>", "</b>", limit + 1, "Deep")).ShouldBe("<b>Deep</b>");
        Entry(style, "<i>Kept</i> <b>and</b> <sup>2</sup>", CitationOutput.Html).ShouldBe("<i>Kept</i> <b>and</b> <sup>2</sup>");
    }

    public static TheoryData<string, string> UnclosedMarks => new()
    {
        { "84,000 opening curly single quotes", new string('\u2018', 84_000) },
        { "84,000 opening curly double quotes", new string('\u201c', 84_000) },
        { "28,000 words opening with an apostrophe", string.Concat(Enumerable.Repeat(" 'a", 28_000)) },
        { "16,000 spaced straight double quotes", string.Concat(Enumerable.Repeat(" \"a \"", 16_000)) },
        { "84,000 '<' before one '>'", new string('<', 84_000) + ">" },
        { "16,000 '<span' before one '>'", string.Concat(Enumerable.Repeat("<span", 16_000)) + ">" },
    };

    [Theory]
    [MemberData(nameof(UnclosedMarks))]
    public void Marks_that_look_for_a_closing_one_read_a_long_title_in_linear_time(string description, string title)
    {
        var style = Style("""<text variable="title"/>""");
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var text = Entry(style, title);

        // Each mark once searched the rest of the title: 84 KB took up to 28 s. Now it takes milliseconds;
        // the bound is wide so a busy machine does not fail it.
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5), description);
        text.Length.ShouldBeGreaterThan(title.Length / 2, description);
    }

    private static int CountMarks(string text) => Marks().Count(text);

    [GeneratedRegex("<(i|b|sup|sub|sc|span[^>]*)>")]
    private static partial Regex Marks();
}

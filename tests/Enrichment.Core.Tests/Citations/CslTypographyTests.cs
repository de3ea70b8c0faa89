using System.Text.Json;
using Enrichment.Core.Citations;
using Enrichment.Core.Formats.CslJson;
using Enrichment.Core.Records;

namespace Enrichment.Core.Tests.Citations;

/// <summary>
/// Typography the specification leaves open, settled as citeproc-js settles it (bench/Citations compares the
/// two engines on the shared Crossref and DataCite records; each case here is one of the differences it found,
/// written small). The expected texts are what citeproc-js printed for the same input.
/// </summary>
public sealed class CslTypographyTests
{
    private static readonly CslLocale EnUs = CslLocale.Load(CslProcessorTests.Locale);

    public static TheoryData<string, string> TitleCases => new()
    {
        // A word that opens with a digit or a sign other than a bracket or quote keeps its letters.
        { "54th meeting of $\\sqrt{s}$ and #tag", "54th Meeting of $\\sqrt{s}$ and #tag" },
        { "one (paren) [brack] {brace} \u00abguil\u00bb", "One (Paren) [Brack] {brace} \u00abguil\u00bb" },
        // A period between letters starts a new word; single lowercase letters stay as they are.
        { "NWD165827.recab.cram and foo.bar", "NWD165827.Recab.Cram and Foo.Bar" },
        { "one e.g. two i.e. three", "One e.g. Two i.e. Three" },
        // Elided French articles and prepositions, and "et", stay lowercase after the first word.
        { "soci\u00e9t\u00e9 d'hypoth\u00e8ques et de logement", "Soci\u00e9t\u00e9 d\u2019hypoth\u00e8ques et de Logement" },
        { "l'histoire: d'accord", "L\u2019histoire: D\u2019accord" },
    };

    [Theory]
    [MemberData(nameof(TitleCases))]
    public void Title_case_follows_citeproc_js(string title, string expected)
    {
        var processor = Processor("""<bibliography><layout><text variable="title" text-case="title"/></layout></bibliography>""");
        processor.RenderEntry(Item($$"""{"id": "t", "type": "book", "title": {{JsonSerializer.Serialize(title)}}}""")).ShouldBe(expected);
    }

    [Theory]
    [InlineData("Modelling : mimetic", "Modelling\u202f: mimetic")]
    [InlineData("Jahrhunderts ; 29. und 30. Apr", "Jahrhunderts\u202f; 29. und 30. Apr")]
    [InlineData("Vraiment ? Oui !", "Vraiment\u202f? Oui\u202f!")]
    [InlineData("\u00ab Bonjour \u00bb", "\u00ab\u202fBonjour\u202f\u00bb")]
    [InlineData("No space: kept; as written", "No space: kept; as written")]
    public void A_space_before_spaced_punctuation_does_not_break(string title, string expected)
    {
        var processor = Processor("""<bibliography><layout><text variable="title"/></layout></bibliography>""");
        processor.RenderEntry(Item($$"""{"id": "t", "type": "book", "title": {{JsonSerializer.Serialize(title)}}}""")).ShouldBe(expected);
    }

    [Theory]
    [InlineData("""{"id": "d", "type": "document", "DOI": "10.1/x"}""", "(1).  https://doi.org/10.1/x.")]
    [InlineData("""{"id": "d", "type": "document", "title": "Table 4", "DOI": "10.1/x"}""", "(1)  Table 4. https://doi.org/10.1/x.")]
    public void A_right_column_that_would_open_with_a_stop_leaves_it_on_the_margin(string item, string expected)
    {
        // ACS's layout: the number, then the title, then ". https://doi.org/..." as the access macro's prefix.
        var processor = Processor("""
            <bibliography second-field-align="flush"><layout suffix=".">
              <text variable="citation-number" prefix="(" suffix=")"/>
              <text variable="title" prefix=" "/>
              <text variable="DOI" prefix=". https://doi.org/"/>
            </layout></bibliography>
            """);
        processor.RenderEntry(Item(item)).ShouldBe(expected);
    }

    private static CslProcessor Processor(string bibliography) => new(CslStyle.Load($"""
        <style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
          <info><id>test</id><title>Test</title></info>
          <citation><layout><text variable="title"/></layout></citation>
          {bibliography}
        </style>
        """), EnUs);

    private static Reference Item(string json) => CslJsonConvert.Deserialize(json);
}

using System.Xml.Linq;

namespace Enrichment.Core.Tests.Citations.Styles;

public sealed class CslInspectorTests
{
    private const string Locale = """
        <locale xmlns="http://purl.org/net/xbiblio/csl" version="1.0" xml:lang="en-US">
          <terms>
            <term name="in">in</term>
            <term name="page" form="short">p.</term>
            <term name="editor">editor</term>
          </terms>
        </locale>
        """;

    private static CslInspector Inspect(string body) => new(
        XDocument.Parse($"""
            <style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
              {body}
              <citation><layout><text variable="title"/></layout></citation>
            </style>
            """),
        XDocument.Parse(Locale));

    [Fact]
    public void Finds_a_macro_that_is_called_but_never_defined()
    {
        var inspector = Inspect("""<macro name="a"><text macro="b"/></macro><bibliography><layout><text macro="a"/></layout></bibliography>""");

        inspector.UndefinedMacros.ShouldBe(["b"]);
        inspector.UnusedMacros.ShouldBeEmpty();
    }

    [Fact]
    public void Finds_a_macro_used_only_as_a_sort_key()
    {
        var inspector = Inspect("""<macro name="a"><text variable="title"/></macro><bibliography><sort><key macro="a"/></sort><layout/></bibliography>""");

        inspector.UndefinedMacros.ShouldBeEmpty();
        inspector.UnusedMacros.ShouldBeEmpty();
    }

    [Fact]
    public void Finds_a_macro_defined_twice() =>
        Inspect("""<macro name="a"/><macro name="a"/>""").DuplicateMacros.ShouldBe(["a"]);

    [Theory]
    [InlineData("""<text variable="journal"/>""", "journal")]
    [InlineData("""<names variable="author editorz"/>""", "editorz")]
    [InlineData("""<choose><if variable="title DOI pmid"><text value="x"/></if></choose>""", "pmid")]
    [InlineData("""<choose><if is-numeric="vol"><text value="x"/></if></choose>""", "vol")]
    public void Finds_a_variable_CSL_does_not_define(string element, string unknown) =>
        Inspect($"""<macro name="m">{element}</macro>""").UnknownVariables.ShouldBe([unknown]);

    [Fact]
    public void Accepts_the_variables_CSL_1_0_2_defines() =>
        Inspect("""<macro name="m"><text variable="container-title"/><date variable="issued"/><number variable="page-first"/><names variable="editor-translator"/></macro>""")
            .UnknownVariables.ShouldBeEmpty();

    [Fact]
    public void Finds_a_type_CSL_does_not_define() =>
        Inspect("""<macro name="m"><choose><if type="book journal-article"><text value="x"/></if></choose></macro>""")
            .UnknownTypes.ShouldBe(["journal-article"]);

    [Theory]
    [InlineData("""<text term="in"/>""", new string[0])]
    [InlineData("""<text term="in" form="short"/>""", new string[0])]
    [InlineData("""<text term="from"/>""", new[] { "from (long)" })]
    [InlineData("""<label variable="page" form="short"/>""", new string[0])]
    [InlineData("""<label variable="page"/>""", new[] { "page (long)" })]
    [InlineData("""<names variable="editor"><label form="verb"/></names>""", new string[0])]
    [InlineData("""<names variable="translator"><label form="short"/></names>""", new[] { "translator (short)" })]
    public void Finds_terms_missing_from_the_locale_after_form_fallback(string element, string[] missing) =>
        Inspect($"""<macro name="m">{element}</macro>""").MissingTerms.ShouldBe(missing);

    [Fact]
    public void Counts_terms_a_style_defines_in_its_own_locale() =>
        Inspect("""<locale><terms><term name="from">from</term></terms></locale><macro name="m"><text term="from"/></macro>""")
            .MissingTerms.ShouldBeEmpty();

    [Theory]
    [InlineData("""<text variable="title" text-case="capitalise-first"/>""", "text@text-case=capitalise-first")]
    [InlineData("""<text variable="title" font-style="itallic"/>""", "text@font-style=itallic")]
    [InlineData("""<text variable="title" sufix="."/>""", "text@sufix")]
    [InlineData("""<number variable="edition" form="short"/>""", "number@form=short")]
    [InlineData("""<date variable="issued"><date-part name="months"/></date>""", "date-part@name=months")]
    [InlineData("""<choose><if type="book" match="either"><text value="x"/></if></choose>""", "if@match=either")]
    [InlineData("""<span/>""", "{http://purl.org/net/xbiblio/csl}span")]
    public void Finds_what_CSL_1_0_2_does_not_have(string element, string problem) =>
        Inspect($"""<macro name="m">{element}</macro>""").SchemaProblems.ShouldBe([problem]);

    [Fact]
    public void Accepts_well_formed_CSL() =>
        Inspect("""<macro name="m"><group delimiter=", " prefix="(" suffix=")"><text variable="title" text-case="title" font-style="italic"/><date variable="issued" form="text" date-parts="year"/></group></macro>""")
            .SchemaProblems.ShouldBeEmpty();

    [Fact]
    public void Finds_a_choose_branch_whose_children_would_need_the_outer_delimiter() =>
        Inspect("""<macro name="m"><group delimiter=", "><choose><if type="book"><text variable="publisher"/><text variable="publisher-place"/></if></choose></group></macro>""")
            .BranchesRelyingOnOuterDelimiter.ShouldBe(["if in macro m"]);

    [Fact]
    public void Accepts_a_branch_that_groups_its_own_children() =>
        Inspect("""<macro name="m"><group delimiter=", "><choose><if type="book"><group delimiter=", "><text variable="publisher"/><text variable="publisher-place"/></group></if></choose></group></macro>""")
            .BranchesRelyingOnOuterDelimiter.ShouldBeEmpty();
}

using System.Xml.Linq;
using Enrichment.Testing;

namespace Enrichment.Core.Tests.Citations.Styles;

public sealed class BuiltInStyleTests
{
    private static readonly XNamespace Csl = Csl102.Namespace;

    public static TheoryData<string> Styles => [.. BuiltInResources.StyleNames];

    [Theory]
    [MemberData(nameof(Styles))]
    public void Each_style_is_embedded_under_its_logical_name(string name) =>
        BuiltInResources.Names.ShouldContain($"Enrichment.Styles.{name}.csl");

    [Fact]
    public void The_en_US_locale_is_embedded_under_its_logical_name() =>
        BuiltInResources.Names.ShouldContain("Enrichment.Styles.locales-en-US.xml");

    [Theory]
    [MemberData(nameof(Styles))]
    public void Each_style_is_a_CSL_1_0_style_with_citation_and_bibliography(string name)
    {
        var root = BuiltInResources.Style(name).Root!;

        root.Name.ShouldBe(Csl + "style");
        ((string?)root.Attribute("version")).ShouldBe("1.0");
        ((string?)root.Attribute("class")).ShouldBe("in-text");
        root.Element(Csl + "citation")?.Element(Csl + "layout").ShouldNotBeNull();
        root.Element(Csl + "bibliography")?.Element(Csl + "layout").ShouldNotBeNull();
    }

    [Theory]
    [MemberData(nameof(Styles))]
    public void Each_style_says_what_it_is_in_its_info(string name)
    {
        var info = BuiltInResources.Style(name).Root!.Element(Csl + "info")!;

        ((string?)info.Element(Csl + "id")).ShouldBe($"https://enrichment.invalid/styles/{name}");
        ((string?)info.Element(Csl + "title")).ShouldNotBeNullOrWhiteSpace();
        ((string?)info.Element(Csl + "summary")).ShouldNotBeNullOrWhiteSpace();
        ((string?)info.Element(Csl + "author")?.Element(Csl + "name")).ShouldBe("Enrichment");
        DateTimeOffset.TryParse((string?)info.Element(Csl + "updated"), System.Globalization.CultureInfo.InvariantCulture,
            out _).ShouldBeTrue();
        ((string?)info.Element(Csl + "rights")?.Attribute("license")).ShouldNotBeNullOrWhiteSpace();
    }

    [Theory]
    [MemberData(nameof(Styles))]
    public void Every_element_attribute_and_value_in_a_style_is_CSL_1_0_2(string name) =>
        new CslInspector(BuiltInResources.Style(name), BuiltInResources.Locale()).SchemaProblems.ShouldBeEmpty();

    [Theory]
    [MemberData(nameof(Styles))]
    public void No_choose_branch_relies_on_the_delimiter_of_the_group_around_it(string name) =>
        new CslInspector(BuiltInResources.Style(name), BuiltInResources.Locale()).BranchesRelyingOnOuterDelimiter
            .ShouldBeEmpty();

    [Theory]
    [MemberData(nameof(Styles))]
    public void Every_macro_a_style_calls_is_defined_once_and_every_macro_is_called(string name)
    {
        var inspector = new CslInspector(BuiltInResources.Style(name), BuiltInResources.Locale());

        inspector.UndefinedMacros.ShouldBeEmpty();
        inspector.DuplicateMacros.ShouldBeEmpty();
        inspector.UnusedMacros.ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Styles))]
    public void Every_term_a_style_uses_exists_in_the_built_in_locale_or_the_style_itself(string name) =>
        new CslInspector(BuiltInResources.Style(name), BuiltInResources.Locale()).MissingTerms.ShouldBeEmpty();

    [Theory]
    [MemberData(nameof(Styles))]
    public void Every_variable_a_style_uses_is_a_CSL_1_0_2_variable(string name) =>
        new CslInspector(BuiltInResources.Style(name), BuiltInResources.Locale()).UnknownVariables.ShouldBeEmpty();

    [Theory]
    [MemberData(nameof(Styles))]
    public void Every_type_a_style_tests_is_a_CSL_1_0_2_type(string name) =>
        new CslInspector(BuiltInResources.Style(name), BuiltInResources.Locale()).UnknownTypes.ShouldBeEmpty();

    [Theory]
    [InlineData("apa", "https://doi.org/")]
    [InlineData("mla", "https://doi.org/")]
    [InlineData("chicago-author-date", "https://doi.org/")]
    [InlineData("ieee", " doi: ")]
    [InlineData("vancouver", "doi:")]
    public void Each_style_links_a_DOI_the_way_its_guide_writes_it(string name, string prefix)
    {
        var doi = BuiltInResources.Style(name).Descendants(Csl + "text")
            .Where(t => (string?)t.Attribute("variable") == "DOI")
            .ToList();

        doi.ShouldNotBeEmpty();
        doi.ShouldAllBe(t => (string?)t.Attribute("prefix") == prefix);
    }

    [SharedDataTheory]
    [InlineData("apa", "apa")]
    [InlineData("mla", "modern-language-association")]
    [InlineData("chicago-author-date", "chicago-author-date")]
    [InlineData("ieee", "ieee")]
    [InlineData("vancouver", "nlm-citation-sequence")]
    public void A_built_in_style_is_written_here_and_shares_no_macro_layout_with_the_official_one(string name, string official)
    {
        var ours = BuiltInResources.Style(name);
        var theirs = XDocument.Load(SharedData.PathTo("csl", "styles", official + ".csl"));

        // The same rules may be expressed, but not the same text: no macro of ours equals one of theirs.
        var theirMacros = theirs.Root!.Elements(Csl + "macro").Select(Body).ToHashSet(StringComparer.Ordinal);
        var copied = ours.Root!.Elements(Csl + "macro")
            .Where(m => m.Descendants().Count() >= 6)
            .Where(m => theirMacros.Contains(Body(m)))
            .Select(m => (string)m.Attribute("name")!);
        copied.ShouldBeEmpty();
        ((string?)ours.Root.Element(Csl + "info")?.Element(Csl + "id"))
            .ShouldNotBe((string?)theirs.Root.Element(Csl + "info")?.Element(Csl + "id"));
    }

    // A macro's body with comments dropped and attributes sorted, so reordering attributes hides nothing.
    private static string Body(XElement macro) => string.Concat(macro.Elements().Select(Canonical));

    private static string Canonical(XElement element) =>
        $"<{element.Name.LocalName} "
        + string.Join(' ', element.Attributes().OrderBy(a => a.Name.ToString(), StringComparer.Ordinal)
            .Select(a => $"{a.Name}=\"{a.Value}\""))
        + ">" + string.Concat(element.Elements().Select(Canonical)) + $"</{element.Name.LocalName}>";
}

using System.Xml.Linq;
using Enrichment.Testing;

namespace Enrichment.Core.Tests.Citations.Styles;

public sealed class BuiltInLocaleTests
{
    private static readonly XNamespace Csl = Csl102.Namespace;
    private static readonly XNamespace Xml = XNamespace.Xml;

    private static readonly HashSet<(string Name, string Form)> Terms =
        [.. CslInspector.TermsOf(BuiltInResources.Locale().Root!)];

    public static TheoryData<string> AllTerms => [.. Csl102.Terms];

    [Fact]
    public void The_locale_is_a_CSL_1_0_locale_for_en_US()
    {
        var root = BuiltInResources.Locale().Root!;

        root.Name.ShouldBe(Csl + "locale");
        ((string?)root.Attribute("version")).ShouldBe("1.0");
        ((string?)root.Attribute(Xml + "lang")).ShouldBe("en-US");
        ((string?)root.Element(Csl + "style-options")?.Attribute("punctuation-in-quote")).ShouldBe("true");
    }

    [Fact]
    public void No_term_is_defined_twice_for_the_same_form()
    {
        // A type and a locator may share a name ("chapter"): one definition must serve both.
        var duplicates = CslInspector.TermsOf(BuiltInResources.Locale().Root!)
            .GroupBy(t => t).Where(g => g.Count() > 1).Select(g => $"{g.Key.Name} ({g.Key.Form})");

        duplicates.ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(AllTerms))]
    public void The_locale_defines_every_CSL_1_0_2_term(string term) => Terms.ShouldContain((term, "long"));

    [Theory]
    [InlineData("text", "month day year")]
    [InlineData("numeric", "month day year")]
    public void The_locale_defines_both_localized_date_forms(string form, string parts)
    {
        var date = BuiltInResources.Locale().Root!.Elements(Csl + "date")
            .SingleOrDefault(d => (string?)d.Attribute("form") == form);

        date.ShouldNotBeNull();
        string.Join(' ', date.Elements(Csl + "date-part").Select(p => (string?)p.Attribute("name"))).ShouldBe(parts);
    }

    [Theory]
    [InlineData("month-09", "short", "Sept.")]
    [InlineData("page", "short", "p.")]
    [InlineData("editor", "verb", "edited by")]
    [InlineData("no date", "short", "n.d.")]
    [InlineData("et-al", "long", "et al.")]
    [InlineData("page-range-delimiter", "long", "\u2013")]
    [InlineData("open-quote", "long", "\u201c")]
    [InlineData("ordinal-01", "long", "st")]
    [InlineData("long-ordinal-03", "long", "third")]
    [InlineData("issue", "long", "issue")]
    [InlineData("chapter", "short", "chap.")]
    [InlineData("editor", "verb-short", "ed. by")]
    public void Common_terms_read_as_American_English(string name, string form, string expected)
    {
        var term = BuiltInResources.Locale().Descendants(Csl + "term")
            .Single(t => (string?)t.Attribute("name") == name && ((string?)t.Attribute("form") ?? "long") == form);

        (term.Element(Csl + "single")?.Value ?? term.Value).ShouldBe(expected);
    }

    [Theory]
    [InlineData("ordinal-11")]
    [InlineData("ordinal-12")]
    [InlineData("ordinal-13")]
    public void The_teens_take_th_whatever_their_last_digit(string name)
    {
        var term = BuiltInResources.Locale().Descendants(Csl + "term").Single(t => (string?)t.Attribute("name") == name);

        term.Value.ShouldBe("th");
        ((string?)term.Attribute("match")).ShouldBe("last-two-digits");
    }

    [Fact]
    public void Authors_carry_no_role_label()
    {
        // "Smith, J., Author" would be wrong in every style: the author role term is empty.
        var author = BuiltInResources.Locale().Descendants(Csl + "term")
            .Single(t => (string?)t.Attribute("name") == "author" && t.Attribute("form") is null);

        author.Value.ShouldBeEmpty();
    }

    [SharedDataFact]
    public void The_locale_defines_every_CSL_1_0_2_term_that_the_official_en_US_locale_defines()
    {
        var official = XDocument.Load(SharedData.PathTo("csl", "locales", "locales-en-US.xml"));
        var known = Csl102.Terms.ToHashSet(StringComparer.Ordinal);

        var missing = CslInspector.TermsOf(official.Root!)
            .Where(t => known.Contains(t.Name) && t.Form == "long")
            .Where(t => !Terms.Contains(t))
            .Select(t => t.Name);

        missing.ShouldBeEmpty();
    }
}

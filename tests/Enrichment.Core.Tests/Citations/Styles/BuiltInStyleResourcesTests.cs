using Enrichment.Core.Citations.Styles;

namespace Enrichment.Core.Tests.Citations.Styles;

public sealed class BuiltInStyleResourcesTests
{
    [Fact]
    public void Lists_the_five_built_in_styles() =>
        BuiltInStyleResources.StyleNames.ShouldBe(BuiltInResources.StyleNames);

    [Theory]
    [InlineData("apa")]
    [InlineData("APA")]
    [InlineData("Chicago-Author-Date")]
    public void Opens_a_style_whatever_the_case_of_its_name(string name)
    {
        using var reader = new StreamReader(BuiltInStyleResources.OpenStyle(name));

        reader.ReadToEnd().ShouldContain("<style xmlns=\"http://purl.org/net/xbiblio/csl\"");
    }

    [Theory]
    [InlineData("harvard")]
    [InlineData("apa.csl")]
    [InlineData("")]
    public void Refuses_a_name_that_is_not_built_in_and_lists_those_that_are(string name)
    {
        var error = Should.Throw<ArgumentException>(() => BuiltInStyleResources.OpenStyle(name));

        error.Message.ShouldContain("apa, mla, chicago-author-date, ieee, vancouver");
        BuiltInStyleResources.IsBuiltInStyle(name).ShouldBeFalse();
    }

    [Fact]
    public void Opens_the_en_US_locale_by_default()
    {
        using var reader = new StreamReader(BuiltInStyleResources.OpenLocale());

        reader.ReadToEnd().ShouldContain("xml:lang=\"en-US\"");
    }

    [Fact]
    public void Has_no_locale_but_en_US() =>
        Should.Throw<ArgumentException>(() => BuiltInStyleResources.OpenLocale("de-DE"));
}

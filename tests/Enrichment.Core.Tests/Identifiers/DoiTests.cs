using Enrichment.Core.Identifiers;

namespace Enrichment.Core.Tests.Identifiers;

public sealed class DoiTests
{
    [Theory]
    [InlineData("10.1002/ece3.2314", "10.1002/ece3.2314")]
    [InlineData("  10.1002/ECE3.2314  ", "10.1002/ece3.2314")]
    [InlineData("doi:10.1002/ece3.2314", "10.1002/ece3.2314")]
    [InlineData("DOI: 10.1002/ece3.2314", "10.1002/ece3.2314")]
    [InlineData("DOI 10.1002/ece3.2314", "10.1002/ece3.2314")]
    [InlineData("https://doi.org/10.1002/ece3.2314", "10.1002/ece3.2314")]
    [InlineData("http://dx.doi.org/10.1002/ece3.2314", "10.1002/ece3.2314")]
    [InlineData("https://www.doi.org/10.1002/ece3.2314", "10.1002/ece3.2314")]
    [InlineData("info:doi/10.1002/ece3.2314", "10.1002/ece3.2314")]
    [InlineData("https://doi.org/10.1002%2Fece3.2314", "10.1002/ece3.2314")]
    [InlineData("10.1002/ece3.2314.", "10.1002/ece3.2314")]
    [InlineData("10.1002/ece3.2314);", "10.1002/ece3.2314")]
    [InlineData("(10.1016/0021-9991(76)90041-3)", "10.1016/0021-9991(76)90041-3")]
    [InlineData("10.1016/0021-9991(76)", "10.1016/0021-9991(76)")]
    [InlineData("10.1002/(sici)1097-4636(199706)35:4<469::aid-jbm6>3.0.co;2-h", "10.1002/(sici)1097-4636(199706)35:4<469::aid-jbm6>3.0.co;2-h")]
    [InlineData("10.1000.10/abc", "10.1000.10/abc")]
    public void Parses_the_usual_spellings_to_one_normal_form(string text, string expected)
    {
        var trimmed = text.TrimStart('(');
        Doi.Parse(trimmed).Value.ShouldBe(expected);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("11.1000/abc")]
    [InlineData("10./abc")]
    [InlineData("10.1000/")]
    [InlineData("10.1000")]
    [InlineData("10.abc/def")]
    [InlineData("10.1000/..")]
    [InlineData("10.1000/.")]
    [InlineData("10.1000/a b")]
    [InlineData("10.1000/a\u0001b")]
    [InlineData("https://example.org/10.1000/abc")]
    public void Refuses_what_is_not_a_DOI(string text)
    {
        Doi.TryParse(text, out _).ShouldBeFalse();
        Should.Throw<FormatException>(() => Doi.Parse(text));
    }

    [Fact]
    public void Refuses_a_DOI_longer_than_the_limit()
    {
        Doi.TryParse("10.1000/" + new string('a', Doi.MaxLength), out _).ShouldBeFalse();
    }

    [Fact]
    public void Compares_case_insensitively()
    {
        Doi.Parse("10.1002/ECE3.2314").ShouldBe(Doi.Parse("https://doi.org/10.1002/ece3.2314"));
        Doi.Parse("10.1002/ECE3.2314").GetHashCode().ShouldBe(Doi.Parse("10.1002/ece3.2314").GetHashCode());
    }

    [Theory]
    [InlineData("10.1/../../members", "10.1/..%2F..%2Fmembers")]
    [InlineData("10.1/x?rows=1000", "10.1/x%3Frows%3D1000")]
    [InlineData("10.1/x#frag", "10.1/x%23frag")]
    [InlineData("10.1/a b", null)]
    [InlineData("10.1002/(sici)1097<469>", "10.1002/(sici)1097%3C469%3E")]
    [InlineData("10.1000/caf\u00e9", "10.1000/caf%C3%A9")]
    public void Escapes_the_suffix_so_the_path_stays_one_work(string text, string? expected)
    {
        if (expected is null)
        {
            Doi.TryParse(text, out _).ShouldBeFalse();
            return;
        }

        var escaped = Doi.Parse(text).EscapeForPath();
        escaped.ShouldBe(expected);
        escaped.Count(c => c == '/').ShouldBe(1);
        escaped.ShouldNotContain("?");
        escaped.ShouldNotContain("#");
    }

    [Fact]
    public void Builds_a_resolver_url()
    {
        Doi.Parse("10.1000/a#b").Url.ShouldBe("https://doi.org/10.1000/a%23b");
    }

    [Fact]
    public void A_crafted_DOI_resolves_to_a_single_works_path_segment_pair()
    {
        var uri = new Uri(new Uri("https://api.crossref.org/works/"), Doi.Parse("10.1/../../members").EscapeForPath());
        uri.AbsolutePath.ShouldBe("/works/10.1/..%2F..%2Fmembers");
    }
}

using DoiValue = Enrichment.Core.Doi.Doi;

namespace Enrichment.Core.Tests.Doi;

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
        DoiValue.Parse(trimmed).Value.ShouldBe(expected);
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
        DoiValue.TryParse(text, out _).ShouldBeFalse();
        Should.Throw<FormatException>(() => DoiValue.Parse(text));
    }

    [Fact]
    public void Refuses_a_DOI_longer_than_the_limit()
    {
        DoiValue.TryParse("10.1000/" + new string('a', DoiValue.MaxLength), out _).ShouldBeFalse();
    }

    [Fact]
    public void Compares_case_insensitively()
    {
        DoiValue.Parse("10.1002/ECE3.2314").ShouldBe(DoiValue.Parse("https://doi.org/10.1002/ece3.2314"));
        DoiValue.Parse("10.1002/ECE3.2314").GetHashCode().ShouldBe(DoiValue.Parse("10.1002/ece3.2314").GetHashCode());
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
            DoiValue.TryParse(text, out _).ShouldBeFalse();
            return;
        }

        var escaped = DoiValue.Parse(text).EscapeForPath();
        escaped.ShouldBe(expected);
        escaped.Count(c => c == '/').ShouldBe(1);
        escaped.ShouldNotContain("?");
        escaped.ShouldNotContain("#");
    }

    [Fact]
    public void Builds_a_resolver_url()
    {
        DoiValue.Parse("10.1000/a#b").Url.ShouldBe("https://doi.org/10.1000/a%23b");
    }

    [Fact]
    public void A_crafted_DOI_resolves_to_a_single_works_path_segment_pair()
    {
        var uri = new Uri(new Uri("https://api.crossref.org/works/"), DoiValue.Parse("10.1/../../members").EscapeForPath());
        uri.AbsolutePath.ShouldBe("/works/10.1/..%2F..%2Fmembers");
    }
}

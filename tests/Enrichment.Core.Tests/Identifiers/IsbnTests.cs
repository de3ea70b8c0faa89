using Enrichment.Core.Identifiers;

namespace Enrichment.Core.Tests.Identifiers;

public sealed class IsbnTests
{
    [Theory]
    [InlineData("978-3-16-148410-0", "9783161484100")]
    [InlineData("ISBN 0-306-40615-2", "9780306406157")]
    [InlineData("ISBN-10: 0306406152", "9780306406157")]
    [InlineData("ISBN-13: 978 0 306 40615 7", "9780306406157")]
    [InlineData("080442957X", "9780804429573")]
    [InlineData("0-8044-2957-x", "9780804429573")]
    public void Normalises_ISBN_10_and_13_to_ISBN_13(string text, string expected)
    {
        Isbn.TryNormalize(text, out var isbn).ShouldBeTrue();

        isbn.ShouldBe(expected);
    }

    [Theory]
    [InlineData("978-3-16-148410-1")]
    [InlineData("0-306-40615-3")]
    [InlineData("12345")]
    [InlineData("ISBN")]
    [InlineData("")]
    public void Refuses_a_wrong_check_digit_or_length(string text) => Isbn.TryNormalize(text, out _).ShouldBeFalse();

    [Fact]
    public void Reads_every_valid_ISBN_of_a_list_once() =>
        Isbn.All("0-306-40615-2; 978-0-306-40615-7, 978-3-16-148410-0, 123").ShouldBe(["9780306406157", "9783161484100"]);

    [Theory]
    [InlineData("0-306-40615-2", "978-0-306-40615-7", true)]
    [InlineData("0-306-40615-2", "978-3-16-148410-0", false)]
    public void Merge_compares_ISBNs_as_ISBN_13(string a, string b, bool agree) =>
        Core.Enrichment.ReferenceMerger.Agree("ISBN", a, b).ShouldBe(agree);
}

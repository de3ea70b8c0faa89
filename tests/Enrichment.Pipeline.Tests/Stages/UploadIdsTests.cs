using Enrichment.Pipeline.Storage;

namespace Enrichment.Pipeline.Tests.Stages;

public sealed class UploadIdsTests
{
    [Fact]
    public void The_same_blob_version_is_the_same_upload_and_a_changed_blob_a_new_one()
    {
        var first = UploadIds.For("refs.bib", "\"0x8DC1\"");

        UploadIds.For("refs.bib", "\"0x8DC1\"").ShouldBe(first);
        UploadIds.For("refs.bib", "\"0x8DC2\"").ShouldNotBe(first);
        UploadIds.For("other.bib", "\"0x8DC1\"").ShouldNotBe(first);
        UploadIds.For("refs.bib", "0x8DC1").ShouldBe(first, "a container listing gives the ETag without quotes");
        UploadIds.IsValid(first).ShouldBeTrue();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("u0123456789abcdef012")]
    [InlineData("u0123456789abcdef012'")]
    [InlineData("x0123456789abcdef0123")]
    [InlineData("u0123456789ABCDEF0123")]
    public void Anything_else_is_not_an_upload_id(string? value) => UploadIds.IsValid(value).ShouldBeFalse();
}

public sealed class FlatColumnTests
{
    [Theory]
    [InlineData("<span class=\"nocase\">RLC</span> Circuits", "RLC Circuits")]
    [InlineData("On <i>Drosophila</i> wings", "On Drosophila wings")]
    [InlineData("H<sub>2</sub>O and x<sup>2</sup>", "H2O and x2")]
    [InlineData("a < b and c > d", "a < b and c > d")]
    [InlineData("Plain title", "Plain title")]
    public void Flat_columns_hold_plain_text(string title, string expected) =>
        RecordRow.PlainText(title).ShouldBe(expected);
}

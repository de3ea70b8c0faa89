using Enrichment.Core.Identifiers;
using Enrichment.Core.Records;

namespace Enrichment.Core.Tests.Identifiers;

public sealed class ArxivIdTests
{
    [Theory]
    [InlineData("2101.00001", "2101.00001", null)]
    [InlineData("2101.00001v2", "2101.00001", "v2")]
    [InlineData("arXiv:2101.00001v3", "2101.00001", "v3")]
    [InlineData("ARXIV: 0704.0001", "0704.0001", null)]
    [InlineData("https://arxiv.org/abs/2101.00001v2", "2101.00001", "v2")]
    [InlineData("http://export.arxiv.org/pdf/2101.00001.pdf", "2101.00001", null)]
    [InlineData("hep-th/9901001", "hep-th/9901001", null)]
    [InlineData("hep-th/9901001v1", "hep-th/9901001", "v1")]
    [InlineData("math.GT/0309136", "math.GT/0309136", null)]
    [InlineData("arxiv.org/abs/cond-mat/0011267v2", "cond-mat/0011267", "v2")]
    public void Reads_new_and_old_style_ids_with_their_version_apart(string text, string id, string? version)
    {
        ArxivId.TryParse(text, out var arxiv).ShouldBeTrue();

        (arxiv.Id, arxiv.Version).ShouldBe((id, version));
        arxiv.Doi.Value.ShouldBe(("10.48550/arXiv." + id).ToLowerInvariant());
    }

    [Theory]
    [InlineData("10.1000/xyz")]
    [InlineData("2101.1")]
    [InlineData("not an id")]
    [InlineData("https://example.org/abs/2101.00001")]
    [InlineData("")]
    public void Refuses_what_is_not_an_arXiv_id(string text) => ArxivId.TryParse(text, out _).ShouldBeFalse();

    public static TheoryData<Reference, string?> Records() => new()
    {
        { new Reference { Id = "a" }.WithCustom("eprint", "2101.00001").WithCustom("archiveprefix", "arXiv"), "2101.00001" },
        { new Reference { Id = "b" }.WithCustom("eprint", "hep-th/9901001v2").WithCustom("eprinttype", "arxiv"), "hep-th/9901001v2" },
        { new Reference { Id = "c" }.WithCustom("eprint", "arXiv:1905.01234"), "1905.01234" },
        { new Reference { Id = "d" }.With("URL", "https://arxiv.org/abs/1905.01234v4"), "1905.01234v4" },
        { new Reference { Id = "e" }.With("note", "Preprint at arXiv:1905.01234."), "1905.01234" },
        { new Reference { Id = "f" }.WithCustom("eprint", "2101.00001").WithCustom("archiveprefix", "SSRN"), null },
        { new Reference { Id = "g" }.With("note", "See page 1905.01234"), null },
    };

    [Theory]
    [MemberData(nameof(Records))]
    public void Finds_the_id_a_record_carries(Reference reference, string? expected)
    {
        var found = ArxivId.TryFind(reference, out var arxiv);

        (found ? arxiv.WithVersion : null).ShouldBe(expected);
    }
}

using Enrichment.Core.Formats.DoiList;
using Enrichment.Core.Records;

namespace Enrichment.Core.Tests.Formats.DoiList;

public sealed class DoiListWriterTests
{
    [Fact]
    public async Task Writes_one_normalised_DOI_per_line_and_a_comment_for_records_without_one()
    {
        var text = await FormatsTestIo.WriteAsync(new DoiListWriter(),
            new Reference { Id = "a" }.With("DOI", "https://doi.org/10.1000/ABC"),
            new Reference { Id = "no-doi" },
            new Reference { Id = "c" }.With("DOI", "10.1000/c"));

        text.ShouldBe("10.1000/abc\n# no-doi: no DOI\n10.1000/c\n");
    }

    [Fact]
    public async Task Reads_back_the_same_DOIs()
    {
        var records = await FormatsTestIo.RoundTripAsync(new DoiListWriter(), new DoiListReader(),
            new Reference { Id = "x" }.With("DOI", "doi:10.1000/X"),
            new Reference { Id = "none" });

        records.Select(r => r.DoiText).ShouldBe(["10.1000/x"]);
    }
}

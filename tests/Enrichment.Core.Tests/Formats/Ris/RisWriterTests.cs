using Enrichment.Core.Formats.Ris;
using Enrichment.Core.Records;

namespace Enrichment.Core.Tests.Formats.Ris;

public sealed class RisWriterTests
{
    private static readonly Reference Chapter = new Reference { Id = "doe2020", Type = "chapter" }
        .With("title", "A chapter")
        .With("container-title", "The book")
        .With("page", "10-20")
        .With("ISBN", "978-3-16-148410-0")
        .With("keyword", "alpha, beta")
        .With("abstract", "Line one.\nTI  - looks like a tag")
        .WithNames("author", [new PersonName { Family = "Doe", Given = "Jane", Suffix = "Jr." }, PersonName.Others])
        .WithNames("editor", [new PersonName { Family = "Berg", NonDroppingParticle = "van der", Given = "Jan" }])
        .WithDate("issued", DateValue.FromParts(2020, 5))
        .WithCustom("ris:M3", "one\ntwo")
        .WithCustom("title_fa", "not an RIS field");

    [Fact]
    public async Task Writes_TY_first_ER_last_with_CRLF_line_ends()
    {
        var text = await FormatsTestIo.WriteAsync(new RisWriter(), Chapter);

        text.ShouldStartWith("TY  - CHAP\r\nID  - doe2020\r\n");
        text.ShouldEndWith("ER  - \r\n");
        text.Replace("\r\n", "", StringComparison.Ordinal).ShouldNotContain("\n");
    }

    [Fact]
    public async Task Writes_names_dates_pages_and_keywords_as_RIS_spells_them()
    {
        var lines = (await FormatsTestIo.WriteAsync(new RisWriter(), Chapter)).Split("\r\n");

        lines.ShouldContain("AU  - Doe, Jane, Jr.");
        lines.ShouldContain("A2  - van der Berg, Jan");
        lines.ShouldContain("PY  - 2020");
        lines.ShouldContain("DA  - 2020/05//");
        lines.ShouldContain("SP  - 10");
        lines.ShouldContain("EP  - 20");
        lines.ShouldContain("SN  - 978-3-16-148410-0");
        lines.ShouldContain("KW  - alpha");
        lines.ShouldContain("KW  - beta");
        lines.ShouldContain("M3  - one");
        lines.ShouldContain("M3  - two");
        lines.ShouldNotContain(l => l.Contains("others", StringComparison.Ordinal));
        lines.ShouldNotContain(l => l.Contains("not an RIS field", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Indents_an_abstract_line_that_would_read_as_a_tag()
    {
        var text = await FormatsTestIo.WriteAsync(new RisWriter(), Chapter);

        text.ShouldContain("AB  - Line one.\r\n TI  - looks like a tag\r\n");
    }

    [Fact]
    public async Task Writes_back_only_custom_keys_that_are_valid_RIS_tags()
    {
        var reference = new Reference { Id = "x" }
            .WithCustom("ris:ER", "would end the record early")
            .WithCustom("ris:ab", "lower case")
            .WithCustom("ris:Y3", "kept");

        var text = await FormatsTestIo.WriteAsync(new RisWriter(), reference);

        text.ShouldBe("TY  - GEN\r\nID  - x\r\nY3  - kept\r\nER  - \r\n");
    }

    [Fact]
    public async Task Puts_a_blank_line_between_records()
    {
        var text = await FormatsTestIo.WriteAsync(new RisWriter(), Chapter, Chapter with { Id = "b" });

        text.ShouldContain("ER  - \r\n\r\nTY  - CHAP\r\nID  - b\r\n");
    }

    [Fact]
    public async Task Writes_nothing_for_no_records()
    {
        (await FormatsTestIo.WriteAsync(new RisWriter())).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("article-journal", "JOUR")]
    [InlineData("book", "BOOK")]
    [InlineData("chapter", "CHAP")]
    [InlineData("paper-conference", "CPAPER")]
    [InlineData("report", "RPRT")]
    [InlineData("thesis", "THES")]
    [InlineData("dataset", "DATA")]
    [InlineData("article", "GEN")]
    [InlineData("review", "GEN")]
    [InlineData("something-else", "GEN")]
    public void Writes_the_RIS_type_of_a_CSL_type(string cslType, string risType)
    {
        RisTypes.ToRis(cslType).ShouldBe(risType);
    }

    [Fact]
    public void Every_CSL_type_with_an_RIS_type_of_its_own_reads_back_as_itself()
    {
        var cslTypes = RisTypes.RisTypeNames.Select(t => RisTypes.ToCsl(t)!).Distinct().ToList();

        cslTypes.Count.ShouldBeGreaterThan(30);
        foreach (var cslType in cslTypes)
        {
            RisTypes.ToCsl(RisTypes.ToRis(cslType)).ShouldBe(cslType);
        }

        foreach (var generic in RisTypes.WrittenAsGeneric)
        {
            cslTypes.ShouldNotContain(generic);
        }
    }
}

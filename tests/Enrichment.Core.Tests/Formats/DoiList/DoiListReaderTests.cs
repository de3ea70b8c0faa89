using Enrichment.Core.Formats;
using Enrichment.Core.Formats.DoiList;
using Enrichment.Core.Records;

namespace Enrichment.Core.Tests.Formats.DoiList;

public sealed class DoiListReaderTests
{
    private static Task<List<ParsedRecord>> ReadAsync(string text, DoiListLayout layout = DoiListLayout.Auto) =>
        FormatsTestIo.ReadAsync(new DoiListReader(layout), text);

    [Theory]
    [InlineData("10.1000/XYZ123")]
    [InlineData("doi:10.1000/xyz123")]
    [InlineData("DOI: 10.1000/xyz123")]
    [InlineData("https://doi.org/10.1000/xyz123")]
    [InlineData("http://dx.doi.org/10.1000/xyz123")]
    [InlineData("https://doi.org/10.1000%2Fxyz123")]
    [InlineData("  10.1000/xyz123.  ")]
    [InlineData("<https://doi.org/10.1000/xyz123>")]
    [InlineData("Smith 2016, https://doi.org/10.1000/xyz123")]
    public async Task Reads_a_DOI_in_any_pasted_form_as_an_article_keyed_by_the_normalised_DOI(string line)
    {
        var reference = (await ReadAsync(line)).Only();

        reference.Id.ShouldBe("10.1000/xyz123");
        reference.Type.ShouldBe("article");
        reference.DoiText.ShouldBe("10.1000/xyz123");
    }

    [Fact]
    public async Task Keeps_the_line_a_DOI_was_picked_out_of()
    {
        var reference = (await ReadAsync("Smith 2016 10.1000/abc")).Only();

        reference.Custom[DoiListReader.SourceLineKey].ShouldBe("Smith 2016 10.1000/abc");
    }

    [Fact]
    public async Task Skips_blank_lines_and_comments_and_reports_lines_without_a_DOI()
    {
        const string text = "# my DOIs\n\n10.1000/a\r\n   \nnot a doi\n  # indented comment\n10.1000/b\n";

        var records = await ReadAsync(text);

        records.Count.ShouldBe(3);
        records[0].Reference!.Id.ShouldBe("10.1000/a");
        records[0].Line.ShouldBe(3);
        records[1].IsError.ShouldBeTrue();
        records[1].Line.ShouldBe(5);
        records[1].Error!.ShouldContain("not a doi");
        records[2].Reference!.Id.ShouldBe("10.1000/b");
        records[2].Line.ShouldBe(7);
    }

    [Fact]
    public async Task Reads_a_CSV_keeping_the_other_columns_under_their_header_names()
    {
        const string text = "Title,DOI,Year,Notes\n\"A title, with a comma\",10.1000/a,2016,\"said \"\"hi\"\"\"\nPlain,https://doi.org/10.1000/B,,\n";

        var records = await ReadAsync(text);

        records.Count.ShouldBe(2);
        records[0].Line.ShouldBe(2);
        records[0].Reference!.ShouldBe(new Reference { Id = "10.1000/a", Type = "article" }
            .With("DOI", "10.1000/a")
            .WithCustom("Title", "A title, with a comma")
            .WithCustom("Year", "2016")
            .WithCustom("Notes", "said \"hi\""));
        records[1].Reference!.Id.ShouldBe("10.1000/b");
        records[1].Reference!.Custom.ShouldBe(new Dictionary<string, string> { ["Title"] = "Plain" });
    }

    [Fact]
    public async Task Reads_quoted_CSV_fields_that_span_lines_and_numbers_rows_by_their_first_line()
    {
        const string text = "doi,abstract\n10.1000/a,\"first line\nsecond line\"\n10.1000/b,x\n";

        var records = await ReadAsync(text);

        records[0].Reference!.Custom["abstract"].ShouldBe("first line\nsecond line");
        records[1].Line.ShouldBe(4);
        records[1].Reference!.Id.ShouldBe("10.1000/b");
    }

    [Theory]
    [InlineData("doi;title\n10.1000/a;T\n")]
    [InlineData("title\tDoi\nT\t10.1000/a\n")]
    [InlineData("sep=;\ntitle;DOI\nT;10.1000/a\n")]
    [InlineData("\"DOI\",\"title\"\n\"10.1000/a\",\"T\"\n")]
    public async Task Finds_the_delimiter_from_the_header(string text)
    {
        var reference = (await ReadAsync(text)).Only();

        reference.Id.ShouldBe("10.1000/a");
        reference.Custom["title"].ShouldBe("T");
    }

    [Fact]
    public async Task Reports_CSV_rows_without_a_DOI_with_their_line()
    {
        const string text = "doi,title\n,No DOI here\nnonsense,Bad DOI\n10.1000/a,Fine\n";

        var records = await ReadAsync(text);

        records.Count.ShouldBe(3);
        records[0].Error!.ShouldBe("No DOI in column 'doi'");
        records[0].Line.ShouldBe(2);
        records[1].Error!.ShouldContain("'nonsense'");
        records[1].Line.ShouldBe(3);
        records[2].IsError.ShouldBeFalse();
    }

    [Fact]
    public async Task Names_empty_and_repeated_headers_and_extra_cells()
    {
        const string text = "doi,,note,note\n10.1000/a,x,y,z,extra\n";

        var record = (await ReadAsync(text)).ShouldHaveSingleItem();

        record.Reference!.Custom.ShouldBe(new Dictionary<string, string>
        {
            ["column2"] = "x",
            ["column5"] = "extra",
            ["note"] = "y",
            ["note_2"] = "z",
        });
        record.Diagnostics.ShouldHaveSingleItem().Severity.ShouldBe(DiagnosticSeverity.Warning);
    }

    [Fact]
    public async Task Reads_a_header_lookalike_as_a_line_when_told_the_layout_is_lines()
    {
        var records = await ReadAsync("doi\n10.1000/a\n", DoiListLayout.Lines);

        records[0].IsError.ShouldBeTrue();
        records[1].Reference!.Id.ShouldBe("10.1000/a");
    }

    [Fact]
    public async Task Reports_a_CSV_without_a_doi_column_when_told_the_layout_is_CSV()
    {
        var record = (await ReadAsync("title,year\nT,2016\n", DoiListLayout.Csv)).ShouldHaveSingleItem();

        record.Error!.ShouldContain("no 'doi' column");
    }

    [Theory]
    [InlineData("arXiv:2101.00001v3", "10.48550/arxiv.2101.00001", "2101.00001v3", false)]
    [InlineData("https://arxiv.org/abs/hep-th/9901001", "10.48550/arxiv.hep-th/9901001", "hep-th/9901001", false)]
    [InlineData("Preprint: arXiv:1905.01234", "10.48550/arxiv.1905.01234", "1905.01234", true)]
    public async Task An_arXiv_line_becomes_arXivs_DOI_with_the_id_and_version_as_its_eprint(string line, string doi, string eprint, bool keepsLine)
    {
        var record = (await ReadAsync(line + "\n")).ShouldHaveSingleItem().Reference.ShouldNotBeNull();

        record.DoiText.ShouldBe(doi);
        record.Custom["eprint"].ShouldBe(eprint);
        record.Custom["archiveprefix"].ShouldBe("arXiv");
        record.Custom.ContainsKey(DoiListReader.SourceLineKey).ShouldBe(keepsLine);
    }
}

using System.Text.Json;

namespace Enrichment.Cli.Tests.Commands;

public sealed class CommandTests
{
    private const string TwoEntries = """
        @article{perkins2016, author = {Perkins, T. Alex and Boettiger, Carl}, title = {After the games are over},
          journal = {Ecology and Evolution}, year = {2016}, volume = {6}, pages = {6425--6434}, doi = {10.1002/ece3.2314}}
        @book{knuth1984, author = {Knuth, Donald E.}, title = {The {\TeX}book}, publisher = {Addison-Wesley}, year = 1984}
        """;

    [Fact]
    public async Task Parse_prints_CSL_JSON_and_exits_0_when_nothing_failed()
    {
        var result = await EnrichProcess.RunAsync("parse", EnrichProcess.WriteTemp("refs.txt", TwoEntries));

        result.ExitCode.ShouldBe(0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        json.RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetString()).ShouldBe(["perkins2016", "knuth1984"]);
        json.RootElement[1].GetProperty("title").GetString().ShouldBe("The TeXbook");
    }

    [Theory]
    [InlineData("auto")]
    [InlineData("reference-list")]
    public async Task Parse_reads_a_pasted_reference_list_one_record_per_reference(string format)
    {
        var list = "1. Perkins, T. A. (2016). After the games are over. Ecology and Evolution,\n   6, 6425-6434.\n2. Knuth, D. E. (1984). The TeXbook. Addison-Wesley.\n";

        var result = await EnrichProcess.RunAsync("parse", EnrichProcess.WriteTemp("pasted.txt", list), "--format", format);

        result.ExitCode.ShouldBe(0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        json.RootElement.EnumerateArray().Select(e => e.GetProperty("custom").GetProperty("reference-string").GetString()).ShouldBe([
            "Perkins, T. A. (2016). After the games are over. Ecology and Evolution, 6, 6425-6434.",
            "Knuth, D. E. (1984). The TeXbook. Addison-Wesley.",
        ]);
    }

    [Fact]
    public async Task Parse_exits_2_and_reports_each_broken_entry_as_a_JSON_line_on_stderr()
    {
        var result = await EnrichProcess.RunAsync("parse", EnrichProcess.WriteTemp("refs.bib", TwoEntries + "\n@article{broken, title = {unclosed,\n"));

        result.ExitCode.ShouldBe(2);
        JsonDocument.Parse(result.Stdout).RootElement.GetArrayLength().ShouldBe(2);
        using var error = JsonDocument.Parse(result.Stderr.Trim().Split('\n').Single());
        error.RootElement.GetProperty("line").GetInt32().ShouldBe(4);
        error.RootElement.GetProperty("key").GetString().ShouldBe("broken");
    }

    [Theory]
    [InlineData("missing.bib", "")]
    [InlineData("paper.pdf", "%PDF-1.4\n")]
    public async Task Parse_exits_1_when_the_file_cannot_be_read_as_references(string name, string content)
    {
        var path = content.Length == 0 ? Path.Combine(Path.GetTempPath(), "does-not-exist-" + Guid.NewGuid()) : EnrichProcess.WriteTemp(name, content);

        var result = await EnrichProcess.RunAsync("parse", path);

        result.ExitCode.ShouldBe(1);
        JsonDocument.Parse(result.Stderr.Trim()).RootElement.GetProperty("error").GetString().ShouldNotBeNullOrEmpty();
    }

    [Theory]
    [InlineData("ris", "DO  - 10.1002/ece3.2314")]
    [InlineData("csl-json", "\"DOI\":\"10.1002/ece3.2314\"")]
    [InlineData("bibtex", "doi = {10.1002/ece3.2314}")]
    public async Task Convert_writes_the_records_in_the_format_asked_for(string to, string expected)
    {
        var result = await EnrichProcess.RunAsync("convert", EnrichProcess.WriteTemp("refs.bib", TwoEntries), "--to", to);

        result.ExitCode.ShouldBe(0, result.Stderr);
        result.Stdout.ShouldContain(expected);
    }

    [Theory]
    [InlineData("apa", "entries", "Perkins, T. A., & Boettiger, C. (2016). After the games are over. Ecology and Evolution, 6, 6425–6434. https://doi.org/10.1002/ece3.2314")]
    [InlineData("ieee", "bibliography", "[2] D. E. Knuth, The TeXbook. Addison-Wesley, 1984.")]
    [InlineData("apa", "citation", "(Knuth, 1984; Perkins & Boettiger, 2016)")]
    public async Task Format_renders_entries_a_bibliography_or_a_citation(string style, string mode, string expectedLine)
    {
        var result = await EnrichProcess.RunAsync("format", EnrichProcess.WriteTemp("refs.bib", TwoEntries), "--style", style, "--mode", mode);

        result.ExitCode.ShouldBe(0, result.Stderr);
        result.Stdout.Split('\n').Select(l => l.TrimEnd('\r')).ShouldContain(expectedLine);
    }

    [Fact]
    public async Task Format_names_the_problem_when_the_style_is_unknown()
    {
        var result = await EnrichProcess.RunAsync("format", EnrichProcess.WriteTemp("refs.bib", TwoEntries), "--style", "no-such-style");

        result.ExitCode.ShouldBe(1);
        result.Stderr.ShouldContain("no-such-style");
    }
}

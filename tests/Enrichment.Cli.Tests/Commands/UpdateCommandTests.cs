using Enrichment.Testing;

namespace Enrichment.Cli.Tests.Commands;

/// <summary><c>enrich update</c> as a user runs it, against the fake Crossref over real HTTP.</summary>
public sealed class UpdateCommandTests : IAsyncLifetime
{
    private const string Doi = "10.1000/update-test";

    private const string Work = """
        {
          "status": "ok",
          "message-type": "work",
          "message": {
            "DOI": "10.1000/update-test",
            "type": "journal-article",
            "title": ["Tracing COVID-19 with DNA probes in SiGe sensors"],
            "container-title": ["Journal of Tests"],
            "volume": "12",
            "issue": "3",
            "page": "101-119",
            "author": [{"given": "Jane", "family": "Doe", "sequence": "first", "affiliation": []}],
            "issued": {"date-parts": [[2021, 5, 2]]}
          }
        }
        """;

    /// <summary>A hand-kept file: a comment, a macro, tabs and CRLF, an entry without title, volume or pages.</summary>
    private const string HandKept =
        "% kept by hand\r\n@string{jt = {Journal of Tests}}\r\n\r\n@article{doe,\r\n\tauthor\t= {Doe, Jane},\r\n\tjournal\t= jt,\r\n\tYEAR\t= {{year}},\r\n\tdoi\t= {10.1000/update-test}\r\n}\r\n";

    private FakeCrossref _crossref = null!;

    public async Task InitializeAsync()
    {
        _crossref = await FakeCrossref.StartAsync();
        _crossref.AddWork(Work);
    }

    public async Task DisposeAsync() => await _crossref.DisposeAsync();

    private Dictionary<string, string> Environment => new()
    {
        ["Crossref__BaseUrl"] = _crossref.BaseUrl,
        ["Crossref__Mailto"] = "tests@example.org",
    };

    [Fact]
    public async Task Update_fills_volume_and_pages_protects_the_title_keeps_a_disagreeing_year_and_reports_it()
    {
        var input = HandKept.Replace("{{year}}", "2020", StringComparison.Ordinal);
        var path = EnrichProcess.WriteTemp("library.bib", input);
        var output = path + ".out";

        var result = await EnrichProcess.RunAsync(Environment, "update", path, "-o", output);

        result.ExitCode.ShouldBe(2, result.Stderr);
        result.Stderr.ShouldContain("doe\tyear\ttheirs: 2020\tours: {2021}");
        var updated = await File.ReadAllTextAsync(output);
        updated.ShouldContain("\tYEAR\t= 2020,\r\n");
        updated.ShouldContain("\tdoi\t= {10.1000/update-test},\r\n\ttitle\t= {Tracing {COVID-19} with {DNA} probes in {SiGe} sensors},\r\n");
        updated.ShouldContain("\tvolume\t= {12},\r\n\tnumber\t= {3},\r\n\tpages\t= {101--119}\r\n}\r\n");
        Insertions.OnlyInserted(input, updated).ShouldBeTrue(updated);
        (await File.ReadAllTextAsync(path)).ShouldBe(input);
        _crossref.CallsFor(Doi).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Update_in_place_with_nothing_to_report_exits_0()
    {
        var input = HandKept.Replace("{{year}}", "2021", StringComparison.Ordinal);
        var path = EnrichProcess.WriteTemp("library.bib", input);

        var result = await EnrichProcess.RunAsync(Environment, "update", path, "--in-place");

        result.ExitCode.ShouldBe(0, result.Stderr);
        var updated = await File.ReadAllTextAsync(path);
        updated.ShouldContain("\tpages\t= {101--119}");
        Insertions.OnlyInserted(input, updated).ShouldBeTrue(updated);
    }

    [Fact]
    public async Task Update_refuses_both_an_output_and_in_place()
    {
        var path = EnrichProcess.WriteTemp("library.bib", HandKept);

        var result = await EnrichProcess.RunAsync(Environment, "update", path, "--in-place", "-o", path + ".out");

        result.ExitCode.ShouldNotBe(0);
        File.Exists(path + ".out").ShouldBeFalse();
    }
}

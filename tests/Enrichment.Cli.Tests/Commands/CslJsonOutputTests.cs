using System.Text.Json.Nodes;
using Enrichment.Testing;

namespace Enrichment.Cli.Tests.Commands;

/// <summary>
/// <c>enrich parse</c> and <c>enrich convert --to csl-json</c> stream their JSON; what they print for the
/// project's own sample file must still be, item for item, the CSL-JSON written out below by hand from it.
/// </summary>
public sealed class CslJsonOutputTests
{
    // samples/references.bib read by hand: "--" is an en dash range written "-" in CSL; a DOI given as a
    // doi.org URL is the DOI, lowercased; month = sep is 9; "and others" is the "others" name; {RLC} keeps
    // its case; @misc is "document".
    private const string Expected = """
        [
          {
            "id": "perkins2016", "type": "article-journal", "DOI": "10.1002/ece3.2314",
            "container-title": "Ecology and Evolution", "page": "6425-6434", "volume": "6",
            "title": "After the games are over: life-history trade-offs drive dispersal attenuation following range expansion",
            "author": [
              { "family": "Perkins", "given": "T. Alex" },
              { "family": "Boettiger", "given": "Carl" },
              { "family": "Phillips", "given": "Benjamin L." }
            ],
            "issued": { "date-parts": [ [ 2016 ] ] }
          },
          {
            "id": "ma2014", "type": "article-journal", "DOI": "10.1016/j.coastaleng.2014.05.004",
            "URL": "https://doi.org/10.1016/j.coastaleng.2014.05.004",
            "container-title": "Coastal Engineering", "page": "84-98", "volume": "91",
            "title": "Non-hydrostatic modeling of wave interactions with porous structures",
            "author": [
              { "family": "Ma", "given": "Gangfeng" },
              { "family": "Shi", "given": "Fengyan" },
              { "family": "Hsiao", "given": "Shih-Chun" },
              { "literal": "others", "others": true }
            ],
            "issued": { "date-parts": [ [ 2014, 9 ] ] }
          },
          {
            "id": "yu2020", "type": "paper-conference", "DOI": "10.1109/lcsys.2020.2972908",
            "container-title": "IEEE Control Systems Letters",
            "title": "<span class=\"nocase\">RLC</span> Circuits-Based Distributed Mirror Descent Method",
            "author": [ { "family": "Yu", "given": "Yue" }, { "family": "Açıkmeşe", "given": "Behçet" } ],
            "issued": { "date-parts": [ [ 2020 ] ] }
          },
          {
            "id": "noDoi", "type": "document", "title": "A record without a DOI is kept, and says so",
            "author": [ { "family": "Nobody", "given": "Anne" } ],
            "issued": { "date-parts": [ [ 2024 ] ] }
          }
        ]
        """;

    private static string Sample => Path.Combine(SharedData.RepositoryRoot, "samples", "references.bib");

    [Theory]
    [InlineData("parse")]
    [InlineData("convert --to csl-json")]
    public async Task The_sample_file_comes_out_as_the_hand_written_CSL_JSON(string commandLine)
    {
        var words = commandLine.Split(' ');
        var result = await EnrichProcess.RunAsync([words[0], Sample, .. words[1..]]);

        result.ExitCode.ShouldBe(0, result.Stderr);
        JsonNode.DeepEquals(JsonNode.Parse(result.Stdout), JsonNode.Parse(Expected)).ShouldBeTrue(result.Stdout);
    }

    [Fact]
    public async Task Convert_writes_the_same_CSL_JSON_to_a_file_as_to_stdout()
    {
        var output = Path.Combine(Path.GetDirectoryName(EnrichProcess.WriteTemp("unused.txt", ""))!, "out.json");

        var result = await EnrichProcess.RunAsync("convert", Sample, "--to", "csl-json", "-o", output);

        result.ExitCode.ShouldBe(0, result.Stderr);
        JsonNode.DeepEquals(JsonNode.Parse(await File.ReadAllTextAsync(output)), JsonNode.Parse(Expected)).ShouldBeTrue();
    }
}

using System.Text;
using System.Text.Json.Nodes;
using Enrichment.Core.Formats.CslJson;
using Enrichment.Core.Records;

namespace Enrichment.Core.Tests.Formats.CslJson;

/// <summary>
/// The UTF-8 stream path of <see cref="CslJsonWriter"/> (what <c>enrich convert --to csl-json</c> writes): its
/// output, parsed, must be the hand-written CSL-JSON it was read from, and its blocks must join into one array.
/// </summary>
public sealed class CslJsonStreamTests
{
    // Hand-written: every shape the writer has a branch for. Names with particles, suffix, literal, ORCID,
    // affiliations and "others"; dates with ranges, a season, circa, a literal and a raw string; custom fields;
    // text that JSON must escape (quotes, backslash, control characters) beside text it must not (non-ASCII,
    // HTML characters, an emoji outside the BMP, U+2028).
    private const string Fixture = """
        [
          {
            "id": "full-1",
            "type": "chapter",
            "title": "Quotes \" and \\ backslash, tab\t, newline\n, bell \u0007 <b>&amp;</b> 'single'",
            "container-title": "Kitāb al-Ǧabr — 数学 😀 line\u2028separator",
            "page": "55-65",
            "volume": "6",
            "DOI": "10.1002/ece3.2314",
            "author": [
              { "family": "Berg", "given": "Jan", "non-dropping-particle": "van der", "suffix": "Jr." },
              { "family": "Poussin", "given": "Charles", "dropping-particle": "de la Vallée" },
              { "literal": "World Health Organization" },
              { "family": "Açıkmeşe", "given": "Behçet", "ORCID": "https://orcid.org/0000-0002-1825-0097",
                "affiliation": [ { "name": "University of Washington" }, { "name": "Caltech" } ] },
              { "literal": "others", "others": true }
            ],
            "editor": [ { "family": "Smith", "given": "J." } ],
            "issued": { "date-parts": [ [ 2014, 9, 30 ], [ 2015, 1 ] ] },
            "original-date": { "date-parts": [ [ 1900 ] ], "season": 2, "circa": true },
            "accessed": { "literal": "Spring term" },
            "event-date": { "raw": "2016-03-01/2016-03-04" },
            "custom": { "title_fa": "عنوان", "langid": "english" }
          },
          { "id": "bare", "type": "article" }
        ]
        """;

    [Fact]
    public async Task Stream_output_parses_to_the_hand_written_items_it_was_read_from()
    {
        var references = await ReadFixtureAsync();

        var written = await WriteToStreamAsync(new CslJsonWriter(), references);

        JsonNode.DeepEquals(JsonNode.Parse(written), JsonNode.Parse(Fixture)).ShouldBeTrue(written);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Stream_output_is_the_text_output_in_UTF_8(bool indented)
    {
        var references = await ReadFixtureAsync();

        var viaStream = await WriteToStreamAsync(new CslJsonWriter(indented), references);
        var viaText = await FormatsTestIo.WriteAsync(new CslJsonWriter(indented), [.. references]);

        viaStream.ShouldBe(viaText);
    }

    [Fact]
    public async Task Stream_output_of_no_records_is_an_empty_array()
    {
        (await WriteToStreamAsync(new CslJsonWriter(), [])).ShouldBe("[]\n");
    }

    [Fact]
    public async Task Items_spanning_many_blocks_come_out_whole_and_in_order()
    {
        // About 30 blocks of CslJsonWriter.BlockSize: each item is one line, whatever block boundary it meets.
        var count = 8000;
        var references = Enumerable.Range(0, count)
            .Select(i => new Reference { Id = $"r{i}", Type = "book" }.With("title", $"Título número {i} — " + new string('x', i % 500)))
            .ToList();

        var written = await WriteToStreamAsync(new CslJsonWriter(), references);

        var lines = written.Split('\n');
        lines.Length.ShouldBe(count + 3); // "[", the items, "]", and the empty string after the last newline
        var items = JsonNode.Parse(written)!.AsArray();
        items.Count.ShouldBe(count);
        for (var i = 0; i < count; i += 997)
        {
            var expected = new JsonObject
            {
                ["id"] = $"r{i}",
                ["type"] = "book",
                ["title"] = $"Título número {i} — " + new string('x', i % 500),
            };
            JsonNode.DeepEquals(items[i], expected).ShouldBeTrue(items[i]!.ToJsonString());
        }
    }

    private static async Task<List<Reference>> ReadFixtureAsync()
    {
        var records = await FormatsTestIo.ReadAsync(new CslJsonReader(), Fixture);
        records.Where(r => r.IsError).ShouldBeEmpty();
        return [.. records.Select(r => r.Reference!)];
    }

    private static async Task<string> WriteToStreamAsync(CslJsonWriter writer, IEnumerable<Reference> references)
    {
        using var stream = new MemoryStream();
        await writer.WriteAsync(references.ToAsyncEnumerable(), stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}

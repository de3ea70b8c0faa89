using System.Text;
using Enrichment.Core.Formats;
using Enrichment.Core.Formats.CslJson;
using Enrichment.Core.Formats.DoiList;
using Enrichment.Core.Formats.Ris;
using Enrichment.Core.Records;

namespace Enrichment.Core.Tests.Formats.RoundTrip;

public sealed class StreamingTests
{
    private static readonly Reference[] References = [.. Enumerable.Range(0, 300).Select(i => new Reference { Id = $"r{i}", Type = "article-journal" }
        .With("title", $"Tïtle {i} — with “quotes”, commas and ünïcödé")
        .With("DOI", $"10.1000/r{i}")
        .With("abstract", $"Line one of {i}.\nLine two.")
        .WithNames("author", [new PersonName { Family = "Ångström", Given = "A." }])
        .WithDate("issued", DateValue.FromParts(2000 + (i % 20), 1 + (i % 12)))
        .WithCustom("ris:M3", "custom " + i))];

    public static TheoryData<string, int> FormatsAndChunks() => new()
    {
        { "ris", 1 }, { "ris", 7 }, { "csl-json", 1 }, { "csl-json", 3 }, { "csl-json", 997 }, { "doi-list", 2 },
    };

    [Theory]
    [MemberData(nameof(FormatsAndChunks))]
    public async Task Reads_the_same_records_from_a_stream_that_trickles_in_a_few_bytes_at_a_time(string name, int maxChunk)
    {
        var format = ReferenceFormats.Parse(name);
        var bytes = Encoding.UTF8.GetBytes(await FormatsTestIo.WriteAsync(ReferenceFormats.CreateWriter(format), References));
        var whole = await FormatsTestIo.ReadAsync(ReferenceFormats.CreateReader(format), bytes);

        var trickled = await FormatsTestIo.ReadAsync(ReferenceFormats.CreateReader(format), new TrickleStream(bytes, maxChunk));

        whole.Count.ShouldBe(300);
        whole.ShouldAllBe(r => !r.IsError);
        trickled.Select(r => (r.Line, r.Column, r.Reference)).ShouldBe(whole.Select(r => (r.Line, r.Column, r.Reference)));
    }

    [Fact]
    public async Task Every_reader_stops_when_cancelled()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        IReferenceReader[] readers = [new RisReader(), new CslJsonReader(), new DoiListReader()];

        foreach (var reader in readers)
        {
            await Should.ThrowAsync<OperationCanceledException>(async () =>
            {
                await foreach (var _ in reader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes("[]\n")), cancelled.Token))
                {
                }
            });
        }
    }
}

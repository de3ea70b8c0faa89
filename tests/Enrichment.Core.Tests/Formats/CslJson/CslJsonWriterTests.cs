using System.Text.Json;
using Enrichment.Core.Formats.CslJson;
using Enrichment.Core.Records;

namespace Enrichment.Core.Tests.Formats.CslJson;

public sealed class CslJsonWriterTests
{
    private static readonly Reference First = new Reference { Id = "a", Type = "book" }
        .With("title", "Kitāb \"quoted\"")
        .WithNames("author", [new PersonName { Family = "Smith", Given = "J." }])
        .WithDate("issued", DateValue.FromParts(2001, 2));

    private static readonly Reference Second = new Reference { Id = "b" }.WithCustom("note_fa", "یادداشت");

    [Fact]
    public async Task Writes_an_array_with_one_item_per_line()
    {
        var text = await FormatsTestIo.WriteAsync(new CslJsonWriter(), First, Second);

        var lines = text.Split('\n');
        lines[0].ShouldBe("[");
        lines[1].ShouldStartWith("{\"id\":\"a\"");
        lines[1].ShouldEndWith("},");
        lines[2].ShouldStartWith("{\"id\":\"b\"");
        lines[3].ShouldBe("]");
        text.ShouldContain("Kitāb");
        text.ShouldContain("یادداشت");
        using var document = JsonDocument.Parse(text);
        document.RootElement.GetArrayLength().ShouldBe(2);
    }

    [Fact]
    public async Task Writes_an_indented_array_that_parses()
    {
        var text = await FormatsTestIo.WriteAsync(new CslJsonWriter(indented: true), First, Second);

        text.ShouldContain("\n  \"title\": ");
        using var document = JsonDocument.Parse(text);
        document.RootElement[1].GetProperty("custom").GetProperty("note_fa").GetString().ShouldBe("یادداشت");
    }

    [Fact]
    public async Task Writes_an_empty_array_for_no_records()
    {
        (await FormatsTestIo.WriteAsync(new CslJsonWriter())).ShouldBe("[]\n");
    }

    [Fact]
    public async Task Reads_back_what_it_writes()
    {
        var read = await FormatsTestIo.RoundTripAsync(new CslJsonWriter(), new CslJsonReader(), First, Second);

        read.ShouldBe([First, Second]);
    }
}

using System.Text;
using Enrichment.Core.Formats;
using Enrichment.Core.Formats.CslJson;
using Enrichment.Core.Records;

namespace Enrichment.Core.Tests.Formats.CslJson;

public sealed class CslJsonReaderTests
{
    private static Task<List<ParsedRecord>> ReadAsync(string text) => FormatsTestIo.ReadAsync(new CslJsonReader(), text);

    [Fact]
    public async Task Reads_an_array_of_items_with_names_dates_and_custom()
    {
        const string json = """
            [
              {"id": "a", "type": "book", "title": "First", "author": [{"family": "Smith", "given": "J."}],
               "issued": {"date-parts": [[2001, 2]]}, "custom": {"title_fa": "یکم"}},
              {"id": 2, "type": "article-journal", "volume": 7,
               "issued": {"raw": "Spring 2002"}, "accessed": {"literal": "last year"},
               "editor": [{"literal": "The Committee"}]}
            ]
            """;

        var records = await ReadAsync(json);

        records.Count.ShouldBe(2);
        records[0].Line.ShouldBe(2);
        records[0].Reference!.ShouldBe(new Reference { Id = "a", Type = "book" }
            .With("title", "First")
            .WithNames("author", [new PersonName { Family = "Smith", Given = "J." }])
            .WithDate("issued", DateValue.FromParts(2001, 2))
            .WithCustom("title_fa", "یکم"));
        records[1].Line.ShouldBe(4);
        var second = records[1].Reference!;
        second.Id.ShouldBe("2");
        second.Get("volume").ShouldBe("7");
        second.GetDate("issued").ShouldBe(new DateValue { Raw = "Spring 2002" });
        second.GetDate("accessed").ShouldBe(new DateValue { Literal = "last year" });
        second.GetNames("editor").ShouldBe([new PersonName { Literal = "The Committee" }]);
    }

    [Fact]
    public async Task Reads_a_single_object()
    {
        var record = (await ReadAsync("\n  {\"id\": \"only\", \"title\": \"One\"}\n")).ShouldHaveSingleItem();

        record.Reference!.Title.ShouldBe("One");
        record.Line.ShouldBe(2);
        record.Column.ShouldBe(3);
    }

    [Fact]
    public async Task Skips_a_byte_order_mark()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("[{\"id\":\"a\"}]")).ToArray();

        (await FormatsTestIo.ReadAsync(new CslJsonReader(), bytes)).Only().Id.ShouldBe("a");
    }

    [Fact]
    public async Task Skips_a_byte_order_mark_that_arrives_one_byte_at_a_time()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("[{\"id\":\"a\"}]")).ToArray();

        (await FormatsTestIo.ReadAsync(new CslJsonReader(), new TrickleStream(bytes, 1))).Only().Id.ShouldBe("a");
    }

    [Fact]
    public async Task Reads_an_empty_array_and_an_empty_file_as_no_records()
    {
        (await ReadAsync("[ ]")).ShouldBeEmpty();
        (await ReadAsync("  \n")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Reports_a_wrong_shape_with_the_JSON_path_and_line_and_reads_the_items_after_it()
    {
        const string json = "[\n{\"id\":\"a\"},\n{\"id\":\"b\",\n \"author\":[{\"family\":\"X\"}, 42]},\n{\"id\":\"c\"}\n]";

        var records = await ReadAsync(json);

        records.Count.ShouldBe(3);
        records[1].IsError.ShouldBeTrue();
        records[1].Error!.ShouldStartWith("$[1].author[1]: expected a name object");
        records[1].Line.ShouldBe(3);
        var error = records[1].Diagnostics.ShouldHaveSingleItem();
        (error.Line, error.Column).ShouldBe((4, 28));
        records[1].Key.ShouldBe("b");
        records[2].Reference!.Id.ShouldBe("c");
    }

    [Fact]
    public async Task Reports_invalid_JSON_inside_an_item_with_its_line_and_reads_the_items_after_it()
    {
        const string json = "[\n{\"id\":\"a\"},\n{\"id\":\"b\",\n \"title\": tru},\n{\"id\":\"c\"}\n]";

        var records = await ReadAsync(json);

        records.Count.ShouldBe(3);
        records[0].Reference!.Id.ShouldBe("a");
        records[1].IsError.ShouldBeTrue();
        records[1].Error!.ShouldStartWith("$[1].title: invalid JSON");
        records[1].Line.ShouldBe(3);
        records[1].Diagnostics.ShouldHaveSingleItem().Line.ShouldBe(4);
        records[2].Reference!.Id.ShouldBe("c");
    }

    [Theory]
    [InlineData("[{\"id\":\"a\"},,{\"id\":\"b\"}]", "$[1]: an empty item")]
    [InlineData("[{\"id\":\"a\"},]", "$[1]: a comma before ']'")]
    [InlineData("[{\"id\":\"a\"}", "$: the file ends before the array is closed")]
    [InlineData("[{\"id\":\"a\"}] x", "$: unexpected 'x' after the end")]
    [InlineData("{\"id\":\"a\"} {", "$: unexpected '{' after the end")]
    public async Task Reports_broken_array_structure_after_reading_the_good_items(string json, string error)
    {
        var records = await ReadAsync(json);

        records[0].Reference!.Id.ShouldBe("a");
        records.Where(r => r.IsError).ShouldHaveSingleItem().Error!.ShouldStartWith(error);
    }

    [Theory]
    [InlineData("x", "$: expected a JSON array or object, found 'x'")]
    [InlineData("\"text\"", "$: expected a JSON array or object")]
    [InlineData("[1]", "$[0]: expected an object, found Number")]
    [InlineData("[{\"type\":\"book\"}]", "$[0].id: missing")]
    [InlineData("[{\"id\":\"a\",\"issued\":{\"date-parts\":[[\"x\"]]}}]", "$[0].issued.date-parts[0][0]: expected a number")]
    [InlineData("[{\"id\":\"a\",\"custom\":[]}]", "$[0].custom: expected an object")]
    [InlineData("[{\"id\":\"a\",\"title\":\"unterminated}]", "$[0]: the file ends inside this item (in a string)")]
    [InlineData("{\"id\":\"a\"", "$: the file ends inside this item")]
    public async Task Reports_wrong_shapes_and_truncation_as_errors(string json, string error)
    {
        var records = await ReadAsync(json);

        records.First(r => r.IsError).Error!.ShouldStartWith(error);
    }

    [Fact]
    public async Task Keeps_reading_after_an_item_with_a_stray_closing_brace()
    {
        var records = await ReadAsync("[{\"id\":\"a\"}},\n{\"id\":\"b\"}]");

        records.Count.ShouldBe(2);
        records[0].IsError.ShouldBeTrue();
        records[1].Reference!.Id.ShouldBe("b");
        records[1].Line.ShouldBe(2);
    }

    [Fact]
    public async Task Follows_strings_holding_brackets_commas_and_escaped_quotes()
    {
        var records = await ReadAsync("[{\"id\":\"a\",\"title\":\"x], {\\\"y\\\" [z\"},{\"id\":\"b\"}]");

        records.Select(r => r.Reference!.Id).ShouldBe(["a", "b"]);
        records[0].Reference!.Title.ShouldBe("x], {\"y\" [z");
    }

    [Fact]
    public async Task Reads_items_that_span_the_read_buffer()
    {
        // 3000 items of about 100 bytes: far more than the 64 KiB buffer, items cut at every possible place.
        var items = Enumerable.Range(0, 3000).Select(i => $"{{\"id\":\"item{i}\",\"title\":\"Title {i} ünïcödé {new string('x', i % 50)}\"}}");
        var json = "[\n" + string.Join(",\n", items) + "\n]";

        var records = await ReadAsync(json);

        records.Count.ShouldBe(3000);
        records.ShouldAllBe(r => !r.IsError);
        records[2999].Reference!.Id.ShouldBe("item2999");
        records[2999].Line.ShouldBe(3001);
        records[1234].Reference!.Title.ShouldBe($"Title 1234 ünïcödé {new string('x', 1234 % 50)}");
    }

    [Fact]
    public async Task Streams_without_reading_the_whole_array_first()
    {
        var json = "[" + string.Join(",", Enumerable.Range(0, 20000).Select(i => $"{{\"id\":\"i{i}\"}}")) + "]";
        await using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));

        await using var items = new CslJsonReader().ReadAsync(stream).GetAsyncEnumerator();
        (await items.MoveNextAsync()).ShouldBeTrue();

        items.Current.Reference!.Id.ShouldBe("i0");
        stream.Position.ShouldBeLessThan(stream.Length / 2);
    }
}

public sealed class JsonPathLocatorTests
{
    [Theory]
    [InlineData("{\"id\":\"a\",\"title\": tru}", "$.title")]
    [InlineData("{\"id\":\"a\",\"author\":[{\"family\":\"x\"},{\"family\": }]}", "$.author[1].family")]
    [InlineData("[1, 2, x]", "$[2]")]
    [InlineData("{\"issued\":{\"date-parts\":[[2001,]]}}", "$.issued.date-parts[0][1]")]
    public void Names_the_path_where_the_JSON_breaks(string json, string path)
    {
        JsonPathLocator.PathAtError(System.Text.Encoding.UTF8.GetBytes(json)).ShouldBe(path);
    }
}

public sealed class JsonPathLocatorOffsetTests
{
    [Theory]
    [InlineData("$.title", 1, 11)]
    [InlineData("$.author[1]", 2, 30)]
    [InlineData("$.author[1].family", 2, 41)]
    [InlineData("$.issued.date-parts[0][1]", 3, 35)]
    [InlineData("$.missing", 0, 0)]
    public void Finds_the_line_and_column_of_a_path(string path, int line, int column)
    {
        var json = System.Text.Encoding.UTF8.GetBytes("{\"title\": \"é\",\n \"author\": [{\"family\": \"a\"}, {\"family\": 1}],\n \"issued\": {\"date-parts\": [[2001, \"x\"]]}}");

        var offset = JsonPathLocator.OffsetOf(json, path);

        if (line == 0)
        {
            offset.ShouldBe(-1);
            return;
        }

        JsonPathLocator.Position(json, offset).ShouldBe((line, column));
    }
}

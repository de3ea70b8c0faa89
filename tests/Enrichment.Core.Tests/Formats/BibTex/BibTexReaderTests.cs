using System.Text;
using Enrichment.Core.Formats;
using Enrichment.Core.Formats.BibTex;
using Enrichment.Core.Records;

namespace Enrichment.Core.Tests.Formats.BibTex;

public sealed class BibTexReaderTests
{
    public static TheoryData<string, string> EntryShapes => new()
    {
        { "braces", "@article{k1, title = {A Title}}" },
        { "parentheses", "@article(k1, title = {A Title})" },
        { "upper-case type", "@ARTICLE{k1, TITLE = {A Title}}" },
        { "space after the type", "@article { k1 , title = {A Title} }" },
        { "newlines everywhere", "@article\n{\nk1\n,\ntitle\n=\n{A Title}\n,\n}" },
        { "quoted value", "@article{k1, title = \"A Title\"}" },
        { "quoted value with braces", "@article{k1, title = \"A {T}itle\"}" },
        { "trailing comma", "@article{k1, title = {A Title},}" },
        { "concatenation", "@article{k1, title = \"A \" # {Title}}" },
        { "tabs and CRLF", "@article{k1,\r\n\ttitle\t=\t{A Title},\r\n}" },
        { "parenthesis inside a braced entry", "@article{k1, title = {A Title}, note = {(x)}}" },
    };

    [Theory]
    [MemberData(nameof(EntryShapes))]
    public async Task Reads_every_entry_shape_BibTeX_accepts(string shape, string text)
    {
        var reference = await BibTex.ReadOneAsync(text);

        reference.Id.ShouldBe("k1", shape);
        reference.Type.ShouldBe("article-journal", shape);
        reference.Title!.Replace("<span class=\"nocase\">T</span>", "T", StringComparison.Ordinal).ShouldBe("A Title", shape);
    }

    [Fact]
    public async Task Reads_nested_braces_and_collapses_white_space()
    {
        var reference = await BibTex.ReadOneAsync("@misc{k, note = {a {b {c}}\n   d\te}}");

        reference.Get("note").ShouldBe("a b c d e");
    }

    [Fact]
    public async Task Reads_bare_numbers_and_macros_defined_from_other_macros()
    {
        var reference = await BibTex.ReadOneAsync("""
            @string{pub = "Springer"}
            @STRING(place = {Berlin})
            @string{both = pub # ", " # place}
            @book{k, publisher = both, volume = 12, address = PLACE}
            """);

        reference.Get("publisher").ShouldBe("Springer, Berlin");
        reference.Get("volume").ShouldBe("12");
        reference.Get("publisher-place").ShouldBe("Berlin");
    }

    [Theory]
    [InlineData("jan", 1)]
    [InlineData("feb", 2)]
    [InlineData("MAR", 3)]
    [InlineData("dec", 12)]
    [InlineData("{May}", 5)]
    [InlineData("{7}", 7)]
    [InlineData("\"Sep.\"", 9)]
    public async Task Reads_the_month_macros_and_month_names(string month, int expected)
    {
        var reference = await BibTex.ReadOneAsync($"@article{{k, year = 2001, month = {month}}}");

        reference.GetDate("issued").ShouldBe(DateValue.FromParts(2001, expected));
    }

    [Fact]
    public async Task Ignores_preamble_comment_and_text_between_entries()
    {
        var records = await BibTex.ReadAsync("""
            This file has junk before, % and a comment line with mail@example.org
            @preamble{ "\newcommand{\noop}[1]{}" # "x" }
            @comment{ anything {nested} here @article{not, title={an entry}} }
            @Comment jabref-meta: databaseType:bibtex;
            @article{real, title = {Real}}
            trailing junk } { ) (
            """);

        records.ShouldHaveSingleItem().Reference!.Id.ShouldBe("real");
        records[0].Diagnostics.ShouldBeEmpty();
    }

    [Fact]
    public async Task Generates_a_stable_key_with_a_warning_when_the_key_is_missing()
    {
        var records = await BibTex.ReadAsync("""
            @article { author = {Khalili, Mohsen}, title = {One}, year = {2016} }
            @article { author = {Khalili, Mohsen}, title = {Two}, year = 2016 }
            @article { author = {M{\"u}ller, J{\"o}rg and Smith, A}, year = 1999 }
            @misc{, title = {No author}}
            """);

        records.Select(r => r.Reference!.Id).ShouldBe(["khalili2016", "khalili2016-2", "muller1999", "anon"]);
        records.ShouldAllBe(r => r.Diagnostics.Single().Severity == DiagnosticSeverity.Warning);
        records[0].Diagnostics[0].Message.ShouldContain("khalili2016");
    }

    [Fact]
    public async Task Keeps_both_entries_of_a_duplicate_key_and_warns_on_the_second()
    {
        var records = await BibTex.ReadAsync("@book{dup, title={A}}\n@book{dup, title={B}}\n@book{dup, title={C}}");

        records.Select(r => r.Reference!.Id).ShouldBe(["dup", "dup-2", "dup-3"]);
        records[0].Diagnostics.ShouldBeEmpty();
        records[1].Diagnostics.ShouldHaveSingleItem().Message.ShouldContain("Duplicate key 'dup'");
        records[1].Diagnostics[0].Line.ShouldBe(2);
    }

    [Fact]
    public async Task Warns_about_an_undefined_macro_and_keeps_its_name()
    {
        var records = await BibTex.ReadAsync("@article{k, journal = nosuchjournal}");

        records[0].Reference!.Get("container-title").ShouldBe("nosuchjournal");
        records[0].Diagnostics.ShouldHaveSingleItem().Message.ShouldContain("Undefined macro 'nosuchjournal'");
    }

    public static TheoryData<string, string, int, int, string?, string> BrokenEntries => new()
    {
        // description, text, line, column, key, message fragment
        {
            "unclosed brace", "@article{a, title = {Never {closed,\n  year = 2000}\n\n@article{b, title = {Fine}}",
            1, 21, "a", "Unclosed brace"
        },
        {
            "junk where a field should be", "@article{a,\n  title = {X},\n  !!junk!!,\n  year = 2000}\n@article{b, title = {Fine}}",
            3, 3, "a", "Expected '=' after '!!junk!!'"
        },
        {
            "missing comma between fields", "@article{a, title = {X} year = 2000}\n@article{b, title = {Fine}}",
            1, 25, "a", "Expected ',' or '}'"
        },
        {
            "entry not closed after a value", "@article{a, title = {X}\n@article{b, title = {Fine}}",
            1, 1, "a", "not closed before the next entry"
        },
        {
            "entry not closed before the next", "@article{a, title = {X},\n@article{b, title = {Fine}}",
            1, 1, "a", "not closed before the next entry"
        },
        {
            "no value", "@article{a, title = , year = 1}\n@article{b, title = {Fine}}",
            1, 21, "a", "Expected a value for 'title'"
        },
        {
            "unclosed quote", "@article{a, title = \"open {x} \n}\n@article{b, title = {Fine}}",
            1, 21, "a", "Unclosed quote"
        },
        {
            "bad key", "@article{a b, title = {X}}\n@article{b, title = {Fine}}",
            1, 12, null, "Expected ',' after the key 'a', found 'b'"
        },
    };

    [Theory]
    [MemberData(nameof(BrokenEntries))]
    public async Task Reports_a_broken_entry_with_its_place_and_goes_on_with_the_next(
        string description, string text, int line, int column, string? key, string message)
    {
        var records = await BibTex.ReadAsync(text);

        records.Count.ShouldBe(2, description);
        records[0].IsError.ShouldBeTrue(description);
        records[0].Error!.ShouldContain(message, Case.Sensitive, description);
        (records[0].Line, records[0].Column).ShouldBe((line, column), description);
        records[0].Key.ShouldBe(key, description);
        records[1].Reference!.Id.ShouldBe("b", description);
        records[1].Reference!.Title.ShouldBe("Fine", description);
    }

    [Fact]
    public async Task Reports_an_entry_cut_off_by_the_end_of_the_file()
    {
        var records = await BibTex.ReadAsync("@article{a, title = {X}}\n@article{b,\n title = {Y}");

        records.Count.ShouldBe(2);
        records[1].Error!.ShouldContain("Unexpected end of file");
        records[1].Line.ShouldBe(2);
        records[1].Key.ShouldBe("b");
    }

    [Fact]
    public async Task Counts_lines_and_columns_across_refills_of_the_buffer()
    {
        // Enough entries to pass the 64 Ki-char buffer several times.
        var builder = new StringBuilder();
        for (var i = 0; i < 3000; i++)
        {
            builder.Append("@article{k").Append(i).Append(",\n  title = {Title ").Append(i).Append("},\n  year = 2000\n}\n\n");
        }

        builder.Append("@article{bad,\n  title = {x}\n  ??\n}\n");
        var records = await BibTex.ReadAsync(builder.ToString());

        records.Count.ShouldBe(3001);
        records.Take(3000).ShouldAllBe(r => !r.IsError);
        records[2999].Line.ShouldBe(2999 * 5 + 1);
        records[2999].Reference!.Title.ShouldBe("Title 2999");
        records[3000].Line.ShouldBe(3000 * 5 + 3);
        records[3000].Column.ShouldBe(3);
    }

    [Fact]
    public async Task Turns_a_million_nested_braces_into_an_error_and_goes_on()
    {
        var text = "@article{deep, title = " + new string('{', 1_000_000) + "x" + new string('}', 1_000_000) + "}\n@article{after, title = {Fine}}\n";

        var records = await BibTex.ReadAsync(text);

        records[0].Error!.ShouldContain($"nested deeper than {BibTexReader.MaxNestingDepth}");
        records[0].Key.ShouldBe("deep");
        records[^1].Reference!.Id.ShouldBe("after");
        records.Count(r => r.IsError).ShouldBe(1);
    }

    [Fact]
    public async Task Turns_a_value_longer_than_the_limit_into_an_error_and_goes_on()
    {
        var huge = new string('x', BibTexReader.MaxValueLength + 10);
        var text = "@article{big, abstract = {" + huge + "}}\n@article{after, title = {Fine}}\n";

        var records = await BibTex.ReadAsync(text);

        records.Count.ShouldBe(2);
        records[0].Error!.ShouldContain("longer than");
        records[0].Key.ShouldBe("big");
        records[1].Reference!.Id.ShouldBe("after");
    }

    [Fact]
    public async Task Reads_a_byte_order_mark_and_unicode_untouched()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("@misc{k, title_fa = {کشاکشِ دولت}, title = {Ünïcödé}}")).ToArray();
        using var stream = new MemoryStream(bytes);

        var record = (await BibTex.ReadAsync(stream)).ShouldHaveSingleItem();

        record.Reference!.Custom["title_fa"].ShouldBe("کشاکشِ دولت");
        record.Reference.Title.ShouldBe("Ünïcödé");
    }

    [Fact]
    public async Task Reads_an_entry_split_across_many_small_reads()
    {
        using var stream = new TrickleStream(Encoding.UTF8.GetBytes("@article{k,\n title = {Tr{\\\"i}ckle},\n author = {A, B}}\n@book{l, title={Two}}"));

        var records = await BibTex.ReadAsync(stream);

        records.Select(r => r.Reference!.Title).ShouldBe(["Trïckle", "Two"]);
        records[1].Line.ShouldBe(4);
    }

    [Fact]
    public async Task Reads_a_stream_that_is_neither_memory_nor_file_through_async_reads()
    {
        var text = string.Concat(Enumerable.Range(0, 2000).Select(i => $"@misc{{m{i}, title = {{T{i}}}}}\n"));
        await using var stream = new BufferedStream(new MemoryStream(Encoding.UTF8.GetBytes(text)), 7);

        var records = await BibTex.ReadAsync(stream);

        records.Count.ShouldBe(2000);
        records[^1].Reference!.Title.ShouldBe("T1999");
        records[^1].Line.ShouldBe(2000);
    }

    [Fact]
    public async Task Stops_when_the_token_is_cancelled()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("@misc{a, title={A}}\n@misc{b, title={B}}"));
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(async () =>
        {
            await foreach (var record in new BibTexReader().ReadAsync(stream, cancellation.Token))
            {
                record.ShouldBeNull();
            }
        });
    }

    /// <summary>A stream that hands out three bytes per read, as a slow network would.</summary>
    private sealed class TrickleStream(byte[] data) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 3));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, 3)]);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 3)], cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(count, 3), cancellationToken);
    }
}

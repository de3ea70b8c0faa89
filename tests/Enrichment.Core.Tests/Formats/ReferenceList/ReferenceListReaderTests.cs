using System.Text;
using Enrichment.Core.Formats;
using Enrichment.Core.Formats.ReferenceList;
using Enrichment.Core.Records;

namespace Enrichment.Core.Tests.Formats.ReferenceList;

public sealed class ReferenceListReaderTests
{
    private const string Ash = "Ash, A. (2016). Fire ecology of the boreal forest. Journal of Fire, 12(3), 1-10.";
    private const string Birch = "Birch, B., & Cedar, C. (2019). Seeds after fire. Forest Letters, 4, 22-30.";
    private const string Cedar = "Cedar, C. (2020). Ash and birch in the north. Boreal Studies, 7(1), 5-9.";

    private static async Task<List<ParsedRecord>> ReadAsync(string text, ReaderLimits? limits = null) =>
        await FormatsTestIo.ReadAsync(new ReferenceListReader(limits), text);

    private static string[] Strings(IEnumerable<ParsedRecord> records) =>
        [.. records.Select(r => r.Reference?.ReferenceString ?? "error: " + r.Error)];

    public static TheoryData<string, string, string[], string[]> Layouts => new()
    {
        { "one a line", $"{Ash}\n{Birch}\n{Cedar}\n", [Ash, Birch, Cedar], ["ref-1", "ref-2", "ref-3"] },
        { "CRLF and a heading", $"References\r\n\r\n{Ash}\r\n{Birch}\r\n", [Ash, Birch], ["ref-1", "ref-2"] },
        { "numbered 1.", $"1. {Ash}\n2. {Birch}\n3. {Cedar}\n", [Ash, Birch, Cedar], ["ref-1", "ref-2", "ref-3"] },
        { "numbered [1]", $"[1] {Ash}\n[2] {Birch}\n", [Ash, Birch], ["ref-1", "ref-2"] },
        { "numbered 1)", $"1) {Ash}\n2) {Birch}\n", [Ash, Birch], ["ref-1", "ref-2"] },
        { "numbered (1), starting at 7", $"(7) {Ash}\n(8) {Birch}\n", [Ash, Birch], ["ref-7", "ref-8"] },
        {
            "numbered and wrapped anywhere",
            "[1] Ash, A. (2016). Fire ecology of the\nboreal forest. Journal of Fire, 12(3), 1-10.\n[2] Birch, B., & Cedar, C. (2019).\nSeeds after fire. Forest Letters, 4, 22-30.\n",
            [Ash, Birch], ["ref-1", "ref-2"]
        },
        {
            "blank-line separated, cut after the year",
            "Ash, A. (2016).\nFire ecology of the boreal forest. Journal of Fire, 12(3), 1-10.\n\nBirch, B., & Cedar, C. (2019).\nSeeds after fire. Forest Letters, 4, 22-30.\n",
            [Ash, Birch], ["ref-1", "ref-2"]
        },
        {
            "one a line, wrapped mid-sentence",
            "Ash, A. (2016). Fire ecology of the boreal\nforest. Journal of Fire, 12(3), 1-10.\nBirch, B., & Cedar, C.\n(2019). Seeds after fire. Forest Letters, 4, 22-30.\n",
            [Ash, Birch], ["ref-1", "ref-2"]
        },
        {
            "a word hyphenated at the line's end",
            "Ash, A. (2016). Fire ecology of the bo-\nreal forest. Journal of Fire, 12(3), 1-10.\n",
            ["Ash, A. (2016). Fire ecology of the bo-real forest. Journal of Fire, 12(3), 1-10."], ["ref-1"]
        },
        { "# comments and blank lines between", $"# my list\n\n{Ash}\n\n\n# more\n{Birch}\n\n", [Ash, Birch], ["ref-1", "ref-2"] },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task Reads_one_record_per_reference(string layout, string text, string[] expected, string[] ids)
    {
        var records = await ReadAsync(text);

        Strings(records).ShouldBe(expected, layout);
        records.Select(r => r.Reference!.Id).ShouldBe(ids, layout);
        records.ShouldAllBe(r => r.Reference!.DoiText == null && r.Reference.Title == null);
    }

    [Fact]
    public async Task Lines_wrapped_at_a_column_width_are_joined_and_split_where_the_next_reference_starts()
    {
        // Wrapped at 44 columns, no blank lines: the last line of a reference can be full too.
        var text = """
            Ash, A. (2016). Fire ecology of the boreal
            forest. Journal of Fire, 12(3), 1-10.
            Birch, B., & Cedar, C. (2019). Seeds after
            fire and the seedlings that follow in the
            forest. Forest Letters, 4, 22-30. Volume 8
            Cedar, C. (2020). Ash and birch in the north.
            Boreal Studies, 7(1), 5-9.
            """;

        var records = await ReadAsync(text);

        Strings(records).ShouldBe([
            Ash,
            "Birch, B., & Cedar, C. (2019). Seeds after fire and the seedlings that follow in the forest. Forest Letters, 4, 22-30. Volume 8",
            Cedar,
        ]);
    }

    [Fact]
    public async Task A_DOI_inside_a_reference_makes_it_that_DOI_s_record_with_the_string_kept()
    {
        var line = "Ash, A. (2016). Fire ecology. Journal of Fire, 12, 1-10. https://doi.org/10.1000/FIRE.12.";

        var record = (await ReadAsync(line + "\n")).ShouldHaveSingleItem();

        record.Reference!.DoiText.ShouldBe("10.1000/fire.12");
        record.Reference.Id.ShouldBe("10.1000/fire.12");
        record.Reference.ReferenceString.ShouldBe(line);
    }

    [Fact]
    public async Task A_DOI_cut_at_the_end_of_a_line_is_joined_back()
    {
        var record = (await ReadAsync("[1] Ash, A. Fire ecology. 2016. doi:10.1000/fire.\n2016.12\n")).ShouldHaveSingleItem();

        record.Reference!.DoiText.ShouldBe("10.1000/fire.2016.12");
    }

    [Fact]
    public async Task A_mixed_file_reads_line_by_line_DOIs_as_DOIs_and_references_as_strings()
    {
        var records = await ReadAsync($"10.1000/abc\n{Ash}\nhttps://doi.org/10.1000/def\n{Birch}\n");

        records.Select(r => r.Reference!.DoiText).ShouldBe(["10.1000/abc", null, "10.1000/def", null]);
        records.Select(r => r.Reference!.ReferenceString).ShouldBe(["10.1000/abc", Ash, "https://doi.org/10.1000/def", Birch]);
        records.ShouldAllBe(r => !r.IsError);
    }

    [Fact]
    public async Task Each_record_says_the_line_its_reference_starts_on()
    {
        var records = await ReadAsync($"References\n\n1. {Ash}\n2. Birch, B. (2019).\nSeeds. Forest Letters.\n3. {Cedar}\n");

        records.Select(r => r.Line).ShouldBe([3, 4, 6]);
    }

    [Fact]
    public async Task A_10_MB_single_line_is_one_error_naming_the_limit_and_the_next_line_still_reads()
    {
        var text = new StringBuilder().Append('x', 10 * 1024 * 1024).Append('\n').Append(Ash).Append('\n').ToString();

        var records = await ReadAsync(text);

        records.Count.ShouldBe(2);
        records[0].IsError.ShouldBeTrue();
        records[0].Error!.ShouldContain("MaxReferenceLength");
        records[0].Line.ShouldBe(1);
        records[1].Reference!.ReferenceString.ShouldBe(Ash);
        records[1].Line.ShouldBe(2);
    }

    [Fact]
    public async Task A_million_empty_lines_read_as_nothing_and_the_reference_after_them_keeps_its_line()
    {
        var text = new StringBuilder().Insert(0, "\n", 1_000_000).Append(Ash).ToString();

        var record = (await ReadAsync(text)).ShouldHaveSingleItem();

        record.Reference!.ReferenceString.ShouldBe(Ash);
        record.Line.ShouldBe(1_000_001);
    }

    [Fact]
    public async Task Bytes_that_are_not_UTF_8_after_a_UTF_8_head_are_the_error_of_their_line_only()
    {
        var head = string.Concat(Enumerable.Repeat(Ash + "\n", 120));
        var junk = new byte[] { 0xC3, 0x28, 0xFF, 0xFE, 0x80, 0x0A };
        var bytes = Encoding.UTF8.GetBytes(head).Concat(junk).Concat(Encoding.UTF8.GetBytes(Birch + "\n")).ToArray();

        var records = await FormatsTestIo.ReadAsync(new ReferenceListReader(), bytes);

        records.Count.ShouldBe(122);
        records[120].Error!.ShouldContain("invalid UTF-8");
        records[120].Line.ShouldBe(121);
        records[121].Reference!.ReferenceString.ShouldBe(Birch);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(14)]
    [InlineData(2026)]
    public async Task Binary_junk_never_throws_and_yields_only_bounded_records(int seed)
    {
        var bytes = new byte[256 * 1024];
        new Random(seed).NextBytes(bytes);
        var limits = new ReaderLimits { MaxReferenceLength = 2000 };

        var records = await FormatsTestIo.ReadAsync(new ReferenceListReader(limits), bytes);

        records.ShouldNotBeEmpty();
        records.ShouldAllBe(r => r.IsError || r.Reference!.ReferenceString!.Length <= 2000);
    }

    [Fact]
    public async Task A_reference_never_joins_more_lines_than_the_limit()
    {
        var text = string.Join('\n', Enumerable.Range(1, 10).Select(i => $"line {i} of one long, wrapped,")) + "\n";

        var records = await ReadAsync(text, new ReaderLimits { MaxLinesPerReference = 4 });

        records.Count.ShouldBe(3);
        records.ShouldAllBe(r => !r.IsError);
    }

    [Fact]
    public async Task Writes_the_reference_string_back_else_a_line_from_the_fields()
    {
        var pasted = new Reference { Id = "ref-1" }.WithCustom(Reference.ReferenceStringKey, Ash);
        var fields = new Reference { Id = "x", Type = "article-journal" }
            .With("title", "Seeds after fire").With("container-title", "Forest Letters").With("DOI", "10.1000/seeds")
            .WithNames("author", [new PersonName { Family = "Birch", Given = "B." }])
            .WithDate("issued", DateValue.FromParts(2019));

        var text = await FormatsTestIo.WriteAsync(new ReferenceListWriter(), pasted, fields);

        text.ShouldBe($"{Ash}\nBirch, B. (2019). Seeds after fire. Forest Letters. https://doi.org/10.1000/seeds\n");
        var back = await ReadAsync(text);
        back.Select(r => r.Reference!.DoiText).ShouldBe([null, "10.1000/seeds"]);
    }
}

using Enrichment.Core.Formats;
using Enrichment.Core.Formats.BibTex;
using Enrichment.Core.Formats.CslJson;
using Enrichment.Core.Formats.DoiList;
using Enrichment.Core.Formats.Ris;

namespace Enrichment.Core.Tests.Formats.Limits;

/// <summary>Each reader's named limits, at the sizes that once went through whole or broke; the entries after still read.</summary>
public sealed class ReaderLimitsTests
{
    private static readonly ReaderLimits Small = new() { MaxValueLength = 100, MaxEntryLength = 1000, MaxItemsPerEntry = 20 };

    [Fact]
    public void The_defaults_are_the_documented_values()
    {
        var limits = ReaderLimits.Default;

        limits.MaxValueLength.ShouldBe(BibTexReader.MaxValueLength);
        limits.MaxEntryLength.ShouldBe(BibTexReader.MaxEntryLength);
        limits.MaxItemsPerEntry.ShouldBe(10_000);
        limits.MaxJsonDepth.ShouldBe(64);
        limits.MaxMarkupDepth.ShouldBe(64);
        limits.MaxLatexDepth.ShouldBe(64);
    }

    [Fact]
    public async Task Ris_a_20_MB_title_fails_its_record_and_the_next_one_reads()
    {
        // Once went through whole.
        var text = "TY  - JOUR\nID  - big\nTI  - " + new string('x', 20_000_000) + "\nER  - \nTY  - JOUR\nID  - next\nTI  - Fine\nER  - \n";

        var records = await FormatsTestIo.ReadAsync(new RisReader(), text);

        records.Count.ShouldBe(2);
        records[0].Error!.ShouldContain("Line 3 is longer than 1048576 characters (ReaderLimits.MaxValueLength)");
        records[1].Reference!.Id.ShouldBe("next");
    }

    [Fact]
    public async Task Ris_continuation_lines_count_towards_the_value_cap()
    {
        var text = "TY  - JOUR\nAB  - start\n" + string.Concat(Enumerable.Repeat("more words here\n", 20)) + "ER  - \nTY  - JOUR\nID  - next\nER  - \n";

        var records = await FormatsTestIo.ReadAsync(new RisReader(Small), text);

        records[0].Error!.ShouldContain("The value of 'AB' (line 2) is longer than 100 characters");
        records[1].Reference!.Id.ShouldBe("next");
    }

    [Fact]
    public async Task Ris_many_continuation_lines_stay_linear()
    {
        // Joining strings line by line copied the value once per line: 400,000 continuation lines took 32 s.
        var text = "TY  - JOUR\nID  - long\nAB  - start\n" + string.Concat(Enumerable.Repeat("w\n", 200_000)) + "ER  - \n";

        var records = await FormatsTestIo.ReadAsync(new RisReader(), text);

        records.Only().Variables["abstract"].Length.ShouldBe(5 + (2 * 200_000));
    }

    [Fact]
    public async Task Ris_too_many_tag_lines_or_characters_fail_the_record()
    {
        var many = "TY  - JOUR\n" + string.Concat(Enumerable.Repeat("KW  - k\n", 30)) + "ER  - \nTY  - JOUR\nID  - next\nER  - \n";
        var large = "TY  - JOUR\n" + string.Concat(Enumerable.Repeat("N1  - " + new string('n', 90) + "\n", 15)) + "ER  - \n";

        var manyRecords = await FormatsTestIo.ReadAsync(new RisReader(Small), many);
        var largeRecords = await FormatsTestIo.ReadAsync(new RisReader(Small), large);

        manyRecords[0].Error!.ShouldContain("more than 20 tag lines (ReaderLimits.MaxItemsPerEntry)");
        manyRecords[1].Reference!.Id.ShouldBe("next");
        largeRecords.Single().Error!.ShouldContain("longer than 1000 characters (ReaderLimits.MaxEntryLength)");
    }

    [Fact]
    public async Task DoiList_an_over_long_line_fails_that_line()
    {
        var text = "10.1000/a\n" + new string('x', 500) + "\n10.1000/c\n";

        var records = await FormatsTestIo.ReadAsync(new DoiListReader(limits: Small), text);

        records.Count.ShouldBe(3);
        records[1].Error!.ShouldContain("longer than 100 characters (ReaderLimits.MaxValueLength)");
        records[2].Reference!.Id.ShouldBe("10.1000/c");
    }

    [Fact]
    public async Task DoiList_an_unclosed_quote_costs_one_row_and_reading_starts_again()
    {
        var text = "doi,note\n10.1000/a,\"never closed\n" + string.Concat(Enumerable.Repeat("filler line\n", 200)) + "10.1000/z,fine\n";

        var records = await FormatsTestIo.ReadAsync(new DoiListReader(limits: Small), text);

        records[0].Error!.ShouldContain("Row is longer than 1000 characters (ReaderLimits.MaxEntryLength)");
        records[^1].Reference!.Id.ShouldBe("10.1000/z");
    }

    [Fact]
    public async Task DoiList_a_long_open_quote_is_read_in_linear_time()
    {
        // The row was split again for every line it took: 200,000 lines in one open quote took 45 s.
        var text = "doi,note\n10.1000/a,\"open\n" + string.Concat(Enumerable.Repeat("x\n", 100_000)) + "end\"\n10.1000/b,fine\n";

        var records = await FormatsTestIo.ReadAsync(new DoiListReader(), text);

        records.Count.ShouldBe(2);
        records[0].Reference!.Custom["note"].Length.ShouldBe(5 + (2 * 100_000) + 3);
        records[1].Reference!.Id.ShouldBe("10.1000/b");
    }

    [Fact]
    public async Task DoiList_too_many_fields_or_a_long_field_fail_the_row()
    {
        var text = "doi,note\n10.1000/a," + string.Join(',', Enumerable.Repeat("f", 30)) + "\n10.1000/b," + new string('n', 150) + "\n10.1000/c,ok\n";

        var records = await FormatsTestIo.ReadAsync(new DoiListReader(limits: Small with { MaxValueLength = 1000 }), text);
        var cells = await FormatsTestIo.ReadAsync(new DoiListReader(limits: Small with { MaxEntryLength = 10_000 }), "doi,note\n10.1000/b," + new string('n', 150) + "\n");

        records[0].Error!.ShouldContain("more than 20 fields (ReaderLimits.MaxItemsPerEntry)");
        records[2].Reference!.Id.ShouldBe("10.1000/c");
        cells.Single().Error!.ShouldContain("longer than 100 characters (ReaderLimits.MaxValueLength)");
    }

    [Fact]
    public async Task CslJson_an_item_past_the_entry_cap_fails_and_the_next_reads()
    {
        var json = $"[{{\"id\": \"big\", \"note\": \"{new string('x', 2000)}\"}}, {{\"id\": \"next\"}}]";

        var records = await FormatsTestIo.ReadAsync(new CslJsonReader(Small), json);

        records.Count.ShouldBe(2);
        records[0].Error!.ShouldContain("$[0]: the item is longer than 1000 bytes (ReaderLimits.MaxEntryLength)");
        records[1].Reference!.Id.ShouldBe("next");
    }

    [Fact]
    public async Task CslJson_a_long_string_or_too_many_names_fail_the_item()
    {
        var json = $"[{{\"id\": \"a\", \"title\": \"{new string('t', 150)}\"}}, "
            + $"{{\"id\": \"b\", \"author\": [{string.Join(',', Enumerable.Repeat("{\"family\": \"F\"}", 30))}]}}, {{\"id\": \"c\"}}]";

        var records = await FormatsTestIo.ReadAsync(new CslJsonReader(Small with { MaxEntryLength = 10_000 }), json);

        records[0].Error!.ShouldContain("$[0].title: longer than 100 characters (ReaderLimits.MaxValueLength)");
        records[1].Error!.ShouldContain("$[1].author: more than 20 names (ReaderLimits.MaxItemsPerEntry)");
        records[2].Reference!.Id.ShouldBe("c");
    }

    [Fact]
    public void Markup_depth_is_counted_in_linear_time()
    {
        MarkupLimit.Depth("<i>a <b>b</b></i> <sup>c</sup>").ShouldBe(2);
        MarkupLimit.Depth(new string('<', 1_000_000)).ShouldBe(0);
        MarkupLimit.Depth(string.Concat(Enumerable.Repeat("<a", 500_000)) + ">").ShouldBe(500_000);
    }

    [Fact]
    public void Markup_past_the_cap_is_kept_as_text_and_nothing_is_lost()
    {
        var text = "a <i>b <b>c <sup>d</sup> e</b> f</i> <sub>g</sub>";

        var capped = MarkupLimit.Cap(text, 1, out var wasCapped);

        wasCapped.ShouldBeTrue();
        capped.ShouldBe("a <i>b <\u2060b>c <\u2060sup>d<\u2060/sup> e<\u2060/b> f</i> <sub>g</sub>");
        capped.Replace("<\u2060", "<", StringComparison.Ordinal).ShouldBe(text);
        MarkupLimit.Cap(text, 3, out var within).ShouldBeSameAs(text);
        within.ShouldBeFalse();
    }

    [Fact]
    public async Task BibTex_an_entry_with_too_many_fields_fails_and_the_next_reads()
    {
        // Duplicate fields are looked for pairwise, so the cost of an entry grew with the square of its field count.
        var fields = string.Concat(Enumerable.Range(0, 500_000).Select(i => "a=1,"));
        var text = $"@misc{{many, {fields}}}\n@misc{{next, title={{Fine}}}}\n";

        var records = await BibTex.BibTex.ReadAsync(text);

        records[0].Error!.ShouldContain($"more than {BibTexReader.MaxFieldsPerEntry} fields (BibTexReader.MaxFieldsPerEntry)");
        records[^1].Reference!.Id.ShouldBe("next");
    }

    [Fact]
    public async Task BibTex_a_name_field_with_too_many_names_fails_its_entry()
    {
        var authors = string.Join(" and ", Enumerable.Repeat("A, B", BibTexReader.MaxNamesPerField + 1));

        var records = await BibTex.BibTex.ReadAsync($"@misc{{many, author = {{{authors}}}}}\n@misc{{next, title={{Fine}}}}\n");

        records[0].Error!.ShouldContain($"more than {BibTexReader.MaxNamesPerField} names (BibTexReader.MaxNamesPerField)");
        records[1].Reference!.Id.ShouldBe("next");
    }

    [Fact]
    public async Task BibTex_a_1_Mi_author_field_reads_in_linear_time()
    {
        var authors = string.Join(" and ", Enumerable.Repeat("X", 200_000));

        var records = await BibTex.BibTex.ReadAsync($"@misc{{many, author = {{{authors[..(BibTexReader.MaxValueLength - 10)]}}}}}\n");

        records.Single().Error!.ShouldContain("names (BibTexReader.MaxNamesPerField)");
    }
}

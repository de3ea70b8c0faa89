using System.Text;
using Enrichment.Core.Formats;
using Enrichment.Core.Formats.BibTex;
using Enrichment.Core.Formats.CslJson;
using Enrichment.Core.Formats.DoiList;
using Enrichment.Core.Formats.Ris;

namespace Enrichment.Core.Tests.Formats.Limits;

/// <summary>
/// A bad entry is that entry's error record, whatever went wrong in it; the entries around it still parse.
/// Files are fed through the same path ingest takes: <see cref="FormatDetector.DetectAsync"/>, then the reader.
/// </summary>
public sealed class ResumeAfterBadEntryTests
{
    private static readonly byte[] Invalid = [0xFF];

    // Invalid bytes in the detector's head make it read the file as Windows-1252; these tests are about UTF-8 files breaking later.
    private static readonly string Padding = new('p', FormatDetector.HeadLength);

    internal static async Task<List<ParsedRecord>> IngestAsync(string fileName, byte[] bytes)
    {
        // A non-seekable stream, as a blob download is: the detector's head is replayed.
        var detected = await FormatDetector.DetectAsync(fileName, new TrickleStream(bytes, 1 << 16));
        await using (detected.Content)
        {
            detected.Detection.Format.ShouldNotBeNull(detected.Detection.ToString());
            return await FormatsTestIo.ReadAsync(ReferenceFormats.CreateReader(detected.Detection.Format.Value), detected.Content);
        }
    }

    private static byte[] Bytes(params object[] parts)
    {
        var bytes = new List<byte>();
        foreach (var part in parts)
        {
            bytes.AddRange(part is byte[] raw ? raw : Encoding.UTF8.GetBytes((string)part));
        }

        return [.. bytes];
    }

    private static void ShouldBeGoodBadGood(List<ParsedRecord> records, string reason)
    {
        records.Count.ShouldBe(3, string.Join("\n", records.SelectMany(r => r.Diagnostics)));
        records[0].IsError.ShouldBeFalse(records[0].Error);
        records[1].IsError.ShouldBeTrue();
        records[1].Error!.ShouldContain(reason);
        records[2].IsError.ShouldBeFalse(records[2].Error);
    }

    [Fact]
    public void An_accent_on_an_argument_that_decodes_to_nothing_is_the_accent_alone()
    {
        // Once an IndexOutOfRangeException that failed the whole upload.
        LatexDecoder.Decode("\\t\\text{}").ShouldBe("\u0361");
        LatexDecoder.Decode("\\'{\\relax}").ShouldBe("\u0301");
    }

    [Fact]
    public async Task BibTex_the_empty_command_entry_between_two_good_ones_reads_and_so_do_they()
    {
        var text = "@misc{a, title={First}}\n@misc{k, title={\\t\\text{}}}\n@misc{b, title={Third}}\n";

        var records = await IngestAsync("refs.bib", Encoding.UTF8.GetBytes(text));

        records.Select(r => r.Key).ShouldBe(["a", "k", "b"]);
        records.ShouldAllBe(r => !r.IsError);
    }

    [Fact]
    public async Task BibTex_invalid_UTF8_in_an_entry_fails_that_entry_only()
    {
        var bytes = Bytes("@misc{a, title={First}}\n% " + Padding + "\n@misc{bad, title={Caf", Invalid, "}}\n@misc{b, title={Third}}\n");

        var records = await IngestAsync("refs.bib", bytes);

        ShouldBeGoodBadGood(records, "invalid UTF-8");
        records[1].Line.ShouldBe(3);
        records[1].Key.ShouldBe("bad");
    }

    [Fact]
    public async Task Ris_invalid_UTF8_in_a_record_fails_that_record_only()
    {
        var bytes = Bytes($"TY  - JOUR\nTI  - First\nN1  - {Padding}\nER  - \nTY  - JOUR\nTI  - Caf", Invalid, "\nER  - \nTY  - JOUR\nTI  - Third\nER  - \n");

        var records = await IngestAsync("refs.ris", bytes);

        ShouldBeGoodBadGood(records, "Line 6 holds invalid UTF-8");
        records[1].Line.ShouldBe(5);
    }

    [Fact]
    public async Task DoiList_invalid_UTF8_on_a_line_fails_that_line_only()
    {
        var bytes = Bytes($"10.1000/a\n# {Padding}\n10.1000/b", Invalid, "\n10.1000/c\n");

        var records = await IngestAsync("dois.txt", bytes);

        ShouldBeGoodBadGood(records, "invalid UTF-8");
        records[1].Line.ShouldBe(3);
    }

    [Fact]
    public async Task CslJson_a_0xFF_byte_past_the_first_8_KB_fails_that_item_only()
    {
        var items = Enumerable.Range(0, 500).Select(i => $"{{\"id\": \"item{i}\", \"type\": \"book\", \"title\": \"Title {i}\"}}").ToList();
        var before = Encoding.UTF8.GetBytes("[\n" + string.Join(",\n", items.Take(450)) + ",\n{\"id\": \"bad\", \"title\": \"Caf");
        var after = Encoding.UTF8.GetBytes("\"},\n" + string.Join(",\n", items.Skip(450)) + "\n]\n");
        before.Length.ShouldBeGreaterThan(FormatDetector.HeadLength);

        var records = await IngestAsync("refs.json", [.. before, 0xFF, .. after]);

        records.Count.ShouldBe(501);
        records.Count(r => r.IsError).ShouldBe(1);
        var bad = records[450];
        bad.Error!.ShouldContain("$[450]: invalid UTF-8");
        bad.Line.ShouldBe(452);
    }

    [Fact]
    public async Task Invalid_UTF8_at_the_start_reads_the_file_as_Windows_1252()
    {
        // Was the detector's refusal ("not UTF-8") before files that are not UTF-8 were read as Windows-1252.
        var records = await IngestAsync("refs.bib", Bytes("@misc{a, title={", Invalid, "}}"));

        records.Only().Title.ShouldBe("ÿ");
        records[0].Diagnostics.ShouldContain(d => d.Message == "read as Windows-1252: the file is not UTF-8");
    }

    [Fact]
    public async Task A_UTF8_byte_order_mark_is_still_skipped_by_every_text_reader()
    {
        byte[] bom = [0xEF, 0xBB, 0xBF];

        (await FormatsTestIo.ReadAsync(new BibTexReader(), [.. bom, .. "@misc{a, title={T}}"u8])).Only().Id.ShouldBe("a");
        (await FormatsTestIo.ReadAsync(new RisReader(), [.. bom, .. "TY  - JOUR\nID  - a\nER  - \n"u8])).Only().Id.ShouldBe("a");
        (await FormatsTestIo.ReadAsync(new DoiListReader(), [.. bom, .. "10.1000/a\n"u8])).Only().Id.ShouldBe("10.1000/a");
        (await FormatsTestIo.ReadAsync(new CslJsonReader(), [.. bom, .. "[{\"id\": \"a\"}]"u8])).Only().Id.ShouldBe("a");
    }
}

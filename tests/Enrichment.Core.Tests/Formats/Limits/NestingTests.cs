using Enrichment.Core.Formats;
using Enrichment.Core.Formats.BibTex;
using Enrichment.Core.Formats.CslJson;
using Enrichment.Core.Formats.Ris;

namespace Enrichment.Core.Tests.Formats.Limits;

/// <summary>
/// Nesting at 10,000 and 30,000 levels (deep enough to overflow a recursive reader's stack) is an error for
/// that entry or markup kept as text, never a crash; markup past <see cref="ReaderLimits.MaxMarkupDepth"/> gets a warning.
/// </summary>
public sealed class NestingTests
{
    public static TheoryData<int> Depths => new() { 10_000, 30_000 };

    private static string Nest(string open, string inner, string close, int depth) =>
        string.Concat(Enumerable.Repeat(open, depth)) + inner + string.Concat(Enumerable.Repeat(close, depth));

    [Theory]
    [MemberData(nameof(Depths))]
    public async Task BibTex_deep_braces_fail_their_entry_and_the_next_reads(int depth)
    {
        var text = $"@misc{{deep, title = {{{Nest("{", "x", "}", depth)}}}}}\n@misc{{next, title = {{Fine}}}}\n";

        var records = await BibTex.BibTex.ReadAsync(text);

        records[0].Error!.ShouldContain($"nested deeper than {BibTexReader.MaxNestingDepth}");
        records[^1].Reference!.Id.ShouldBe("next");
    }

    [Theory]
    [MemberData(nameof(Depths))]
    public void LatexDecoder_deep_accents_keep_the_deeper_arguments_as_written(int depth)
    {
        var text = Nest("\\'{", "e", "}", depth);

        var decoded = LatexDecoder.Decode(text);

        decoded.ShouldEndWith("e" + new string('}', depth - LatexDecoder.MaxNestedDepth - 1));
        decoded.ShouldContain("\\'{");
    }

    [Theory]
    [MemberData(nameof(Depths))]
    public void LatexDecoder_deep_formatting_becomes_markup_only_to_the_cap(int depth)
    {
        var decoded = LatexDecoder.Decode(Nest("\\emph{", "x", "}", depth), markCaseProtection: true, out var capped);

        capped.ShouldBeTrue();
        CountOf(decoded, "<i>").ShouldBe(LatexDecoder.MaxMarkupDepth);
        CountOf(decoded, "</i>").ShouldBe(LatexDecoder.MaxMarkupDepth);
        CountOf(decoded, "\\emph{").ShouldBe(depth - LatexDecoder.MaxMarkupDepth);
        decoded.ShouldContain("\\emph{x}");
    }

    [Fact]
    public void LatexDecoder_declarations_past_the_cap_stay_as_text()
    {
        var decoded = LatexDecoder.Decode(Nest("{\\bf ", "x", "}", 100), markCaseProtection: false, out var capped);

        capped.ShouldBeTrue();
        CountOf(decoded, "<b>").ShouldBe(LatexDecoder.MaxMarkupDepth);
        CountOf(decoded, "\\bf").ShouldBe(100 - LatexDecoder.MaxMarkupDepth);
    }

    [Fact]
    public void LatexDecoder_markup_within_the_cap_is_not_flagged()
    {
        LatexDecoder.Decode(Nest("\\textbf{", "x", "}", LatexDecoder.MaxMarkupDepth), markCaseProtection: false, out var capped);

        capped.ShouldBeFalse();
    }

    [Fact]
    public async Task BibTex_a_title_with_markup_past_the_cap_reads_with_a_warning()
    {
        var reference = await BibTex.BibTex.ReadAsync($"@misc{{k, title = {{{Nest("\\emph{", "x", "}", 100)}}}}}");

        var record = reference.Single();
        record.IsError.ShouldBeFalse(record.Error);
        record.Diagnostics.ShouldContain(d => d.Severity == DiagnosticSeverity.Warning && d.Message.Contains("ReaderLimits.MaxMarkupDepth"));
        CountOf(record.Reference!.Title!, "<i>").ShouldBe(LatexDecoder.MaxMarkupDepth);
    }

    [Theory]
    [MemberData(nameof(Depths))]
    public async Task CslJson_deep_arrays_fail_their_item_and_the_next_reads(int depth)
    {
        var json = $"[{{\"id\": \"deep\", \"note\": {Nest("[", "1", "]", depth)}}}, {{\"id\": \"next\"}}]";

        var records = await FormatsTestIo.ReadAsync(new CslJsonReader(), json);

        records.Count.ShouldBe(2);
        records[0].IsError.ShouldBeTrue();
        records[0].Error!.ShouldContain("depth");
        records[1].Reference!.Id.ShouldBe("next");
    }

    [Theory]
    [MemberData(nameof(Depths))]
    public async Task CslJson_deep_markup_is_kept_as_text_past_the_cap_with_a_warning(int depth)
    {
        var title = Nest("<i>", "x", "</i>", depth);
        var json = $"[{{\"id\": \"deep\", \"title\": \"{title}\"}}, {{\"id\": \"next\"}}]";

        var records = await FormatsTestIo.ReadAsync(new CslJsonReader(), json);

        ShouldBeCapped(records[0], title);
        records[1].Reference!.Id.ShouldBe("next");
    }

    [Theory]
    [MemberData(nameof(Depths))]
    public async Task Ris_deep_markup_is_kept_as_text_past_the_cap_with_a_warning(int depth)
    {
        // Once reached the renderer whole and overflowed its stack.
        var title = Nest("<b><sup>", "x", "</sup></b>", depth / 2);

        var records = await FormatsTestIo.ReadAsync(new RisReader(), $"TY  - JOUR\nID  - deep\nTI  - {title}\nER  - \n");

        ShouldBeCapped(records.Single(), title);
    }

    [Fact]
    public async Task Ris_deep_markup_in_a_name_is_kept_as_text_past_the_cap()
    {
        // Found by bench/Fuzz: an author with 2,850 nested tags overflowed the renderer's stack.
        var family = "Smit" + Nest("<b><sup>", "h", "", 1425);

        var records = await FormatsTestIo.ReadAsync(new RisReader(), $"TY  - JOUR\nID  - deep\nAU  - {family}, John\nER  - \n");

        var record = records.Single();
        var author = record.Reference!.Authors.Single();
        author.Family!.Replace("<\u2060", "<", StringComparison.Ordinal).ShouldBe(family);
        MarkupLimit.Depth(author.Family).ShouldBe(ReaderLimits.Default.MaxMarkupDepth);
        record.Diagnostics.ShouldContain(d => d.Message.Contains("a name in 'author'"));
    }

    [Fact]
    public async Task BibTex_literal_tags_in_a_value_are_held_to_the_cap_too()
    {
        var title = Nest("<i>", "x", "</i>", 200);

        var records = await BibTex.BibTex.ReadAsync($"@misc{{k, title = {{{title}}}}}");

        ShouldBeCapped(records.Single(), title);
    }

    private static void ShouldBeCapped(ParsedRecord record, string written)
    {
        record.IsError.ShouldBeFalse(record.Error);
        var title = record.Reference!.Title!;
        title.Replace("<\u2060", "<", StringComparison.Ordinal).ShouldBe(written);
        MarkupLimit.Depth(title).ShouldBe(ReaderLimits.Default.MaxMarkupDepth);
        record.Diagnostics.ShouldContain(d => d.Severity == DiagnosticSeverity.Warning && d.Message.Contains("ReaderLimits.MaxMarkupDepth"));
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}

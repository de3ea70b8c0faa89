using Enrichment.Core.Formats;
using Enrichment.Core.Formats.BibTex;
using Enrichment.Core.Formats.CslJson;

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
    public async Task CslJson_deep_markup_is_kept_as_written_with_a_warning(int depth)
    {
        var title = Nest("<i>", "x", "</i>", depth);
        var json = $"[{{\"id\": \"deep\", \"title\": \"{title}\"}}]";

        var records = await FormatsTestIo.ReadAsync(new CslJsonReader(), json);

        var record = records.Single();
        record.Reference!.Title.ShouldBe(title);
        record.Diagnostics.ShouldContain(d => d.Message.Contains("ReaderLimits.MaxMarkupDepth"));
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

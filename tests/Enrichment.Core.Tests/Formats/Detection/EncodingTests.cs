using System.Text;
using Enrichment.Core.Formats;
using Enrichment.Core.Formats.BibTex;

namespace Enrichment.Core.Tests.Formats.Detection;

/// <summary>Files that are not UTF-8 (Windows-1252, Latin-1, UTF-16, JabRef's <c>% Encoding:</c> line) are read, and nothing is lost.</summary>
public sealed class EncodingTests
{
    private const string Title = "“Café” – the ‘naïve’ résumé — €5 for Ærø";
    private const string LatinTitle = "Café, the naïve résumé for Ærø";
    private const string NotUtf8 = "read as Windows-1252: the file is not UTF-8";

    private static readonly Encoding Windows1252 = CodePages(1252);

    private static string BibTex(string title) =>
        $"@article{{muller2020,\n  author = {{Müller, Jürgen and Straße, Anaïs}},\n  title = {{{title}}},\n  journal = {{Revue française}},\n  year = {{2020}}\n}}\n";

    private static string Ris(string title) =>
        $"TY  - JOUR\nID  - muller2020\nAU  - Müller, Jürgen\nAU  - Straße, Anaïs\nTI  - {title}\nT2  - Revue française\nPY  - 2020\nER  - \n";

    private static string CslJson(string title) =>
        $"[{{\"id\": \"muller2020\", \"type\": \"article-journal\", \"title\": \"{title}\", \"container-title\": \"Revue française\", "
        + "\"author\": [{\"family\": \"Müller\", \"given\": \"Jürgen\"}, {\"family\": \"Straße\", \"given\": \"Anaïs\"}]}]";

    private static byte[] Encode(Encoding encoding, string text, bool bom = false) => [.. bom ? encoding.GetPreamble() : [], .. encoding.GetBytes(text)];

    public static TheoryData<string, string, byte[], ReferenceFormat, string, string, string?> Files() => new()
    {
        { "JabRef header windows-1252", "refs.bib", Encode(Windows1252, "% This file was created with JabRef 2.10.\n% Encoding: windows-1252\n\n" + BibTex(Title)), ReferenceFormat.BibTex, "Windows-1252", Title, null },
        { "JabRef header Cp1252", "refs.bib", Encode(Windows1252, "% This file was created with JabRef 2.9.\n% Encoding: Cp1252\n\n" + BibTex(Title)), ReferenceFormat.BibTex, "Windows-1252", Title, null },
        { "JabRef header ISO8859_1", "refs.bib", Encode(Encoding.Latin1, "% Encoding: ISO8859_1\n\n" + BibTex(LatinTitle)), ReferenceFormat.BibTex, "ISO-8859-1", LatinTitle, null },
        { "JabRef header UTF-8 on UTF-8", "refs.bib", Encode(Encoding.UTF8, "% This file was created with JabRef 5.1.\n% Encoding: UTF-8\n\n" + BibTex(Title)), ReferenceFormat.BibTex, "UTF-8", Title, null },
        { "JabRef header UTF8 (old name) on UTF-8", "refs.bib", Encode(Encoding.UTF8, "% Encoding: UTF8\n\n" + BibTex(Title)), ReferenceFormat.BibTex, "UTF-8", Title, null },
        { "BibTeX in Windows-1252, no header", "refs.bib", Encode(Windows1252, BibTex(Title)), ReferenceFormat.BibTex, "Windows-1252", Title, NotUtf8 },
        { "BibTeX in Latin-1, no header", "refs.txt", Encode(Encoding.Latin1, BibTex(LatinTitle)), ReferenceFormat.BibTex, "Windows-1252", LatinTitle, NotUtf8 },
        { "header says UTF-8, bytes are Windows-1252", "refs.bib", Encode(Windows1252, "% Encoding: UTF-8\n\n" + BibTex(Title)), ReferenceFormat.BibTex, "Windows-1252", Title, NotUtf8 },
        { "RIS in Windows-1252", "export.ris", Encode(Windows1252, Ris(Title)), ReferenceFormat.Ris, "Windows-1252", Title, NotUtf8 },
        { "CSL-JSON in Windows-1252", "items.json", Encode(Windows1252, CslJson(Title)), ReferenceFormat.CslJson, "Windows-1252", Title, NotUtf8 },
        { "BibTeX in UTF-16 LE with BOM", "refs.bib", Encode(Encoding.Unicode, BibTex(Title), bom: true), ReferenceFormat.BibTex, "UTF-16LE", Title, null },
        { "BibTeX in UTF-16 BE with BOM", "refs.bib", Encode(Encoding.BigEndianUnicode, BibTex(Title), bom: true), ReferenceFormat.BibTex, "UTF-16BE", Title, null },
        { "RIS in UTF-16 LE with BOM", "export.ris", Encode(Encoding.Unicode, Ris(Title), bom: true), ReferenceFormat.Ris, "UTF-16LE", Title, null },
        { "RIS in UTF-16 BE with BOM", "export.ris", Encode(Encoding.BigEndianUnicode, Ris(Title), bom: true), ReferenceFormat.Ris, "UTF-16BE", Title, null },
        { "CSL-JSON in UTF-16 LE with BOM", "items.json", Encode(Encoding.Unicode, CslJson(Title), bom: true), ReferenceFormat.CslJson, "UTF-16LE", Title, null },
        { "BibTeX in UTF-8 with BOM", "refs.bib", Encode(Encoding.UTF8, BibTex(Title), bom: true), ReferenceFormat.BibTex, "UTF-8", Title, null },
        { "RIS in UTF-8 with BOM", "export.ris", Encode(Encoding.UTF8, Ris(Title), bom: true), ReferenceFormat.Ris, "UTF-8", Title, null },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Reads_every_character_and_names_the_encoding(string name, string fileName, byte[] bytes, ReferenceFormat format, string encoding, string title, string? warning)
    {
        foreach (var stream in new Stream[] { new MemoryStream(bytes), new TrickleStream(bytes, 7) })
        {
            var detected = await FormatDetector.DetectAsync(fileName, stream);
            await using var content = detected.Content;

            detected.Detection.Format.ShouldBe(format, name + ": " + detected.Detection);
            detected.Detection.Encoding.ShouldBe(encoding, name);
            detected.Detection.Warning.ShouldBe(warning, name);

            var records = await FormatsTestIo.ReadAsync(ReferenceFormats.CreateReader(format), content);
            var reference = records.Only();
            reference.Title.ShouldBe(title, name);
            reference.Authors.Select(a => a.Family).ShouldBe(["Müller", "Straße"], name);
            reference.Authors[0].Given.ShouldBe("Jürgen", name);
            reference.Get("container-title").ShouldBe("Revue française", name);
            var warnings = records[0].Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning).Select(d => d.Message).ToList();
            if (warning is null)
            {
                warnings.ShouldNotContain(w => w.Contains("read as"), name);
            }
            else
            {
                warnings.ShouldContain(warning, name);
            }
        }
    }

    [Fact]
    public async Task Every_record_of_a_Windows_1252_file_carries_the_warning()
    {
        var bytes = Encode(Windows1252, BibTex("Première") + BibTex("Deuxième").Replace("muller2020", "muller2021") + "@misc{broken, title = {Ouvert\n");

        var records = await FormatsTestIo.ReadAsync(new BibTexReader(), bytes);

        records.Count.ShouldBe(3);
        records.Take(2).Select(r => r.Reference!.Title).ShouldBe(["Première", "Deuxième"]);
        records[2].IsError.ShouldBeTrue();
        records.ShouldAllBe(r => r.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Warning && d.Message == NotUtf8));
    }

    [Fact]
    public async Task A_DOI_list_in_Windows_1252_is_read_with_the_warning()
    {
        var bytes = Encode(Windows1252, "# Liste für Müller – “à lire”\n10.1000/abc\n10.1000/déf\n");

        var detected = await FormatDetector.DetectAsync("dois.txt", new MemoryStream(bytes));
        var records = await FormatsTestIo.ReadAsync(ReferenceFormats.CreateReader(detected.Detection.Format!.Value), detected.Content);

        detected.Detection.Format.ShouldBe(ReferenceFormat.DoiList);
        detected.Detection.Warning.ShouldBe(NotUtf8);
        records.Count.ShouldBe(2);
        records[0].Reference!.Id.ShouldBe("10.1000/abc");
        records.ShouldAllBe(r => r.Diagnostics.Any(d => d.Message == NotUtf8));
    }

    [Fact]
    public async Task Every_Windows_1252_byte_above_0x7F_comes_out_as_its_character()
    {
        var high = Enumerable.Range(0x80, 0x80).Select(b => (byte)b).Where(b => b is not ((byte)'{' or (byte)'}')).ToArray();
        byte[] bytes = [.. "@misc{k, note = {"u8, .. high, .. "}}\n"u8];
        var expected = Windows1252.GetString(high);

        var reference = (await FormatsTestIo.ReadAsync(new BibTexReader(), bytes)).Only();

        expected.ShouldStartWith("€");
        expected.ShouldNotContain('\uFFFD');
        reference.Get("note").ShouldBe(expected);
    }

    [Fact]
    public async Task A_file_labelled_ISO8859_1_keeps_the_Windows_curly_quotes_it_holds()
    {
        // Java on Windows often labels Windows-1252 text ISO8859_1; 0x93 and 0x94 are then quotes, not C1 controls.
        var bytes = Encode(Windows1252, "% Encoding: ISO8859_1\n\n@misc{k, title = {“Être” – 5 €}}\n");

        var records = await FormatsTestIo.ReadAsync(new BibTexReader(), bytes);

        records.Only().Title.ShouldBe("“Être” – 5 €");
        records[0].Diagnostics.ShouldBeEmpty();
    }

    [Fact]
    public void The_declared_encoding_wins_over_what_the_bytes_look_like()
    {
        // Valid UTF-8 bytes, but the file says Windows-1252: it is read as it says, as JabRef reads it.
        var detection = FormatDetector.Detect("refs.bib", Encode(Encoding.UTF8, "% Encoding: windows-1252\n@misc{k, title={é}}"));

        detection.Encoding.ShouldBe("Windows-1252");
        detection.Warning.ShouldBeNull();
    }

    [Fact]
    public void A_UTF16_file_holding_a_NUL_character_is_still_binary()
    {
        var detection = FormatDetector.Detect("refs.bib", Encode(Encoding.Unicode, "@misc{k,\0}", bom: true));

        detection.IsRecognised.ShouldBeFalse();
        detection.Rejection!.ShouldContain("NUL character");
    }

    [Fact]
    public void A_UTF16_head_cut_inside_a_character_is_still_detected()
    {
        var bytes = Encode(Encoding.BigEndianUnicode, "TY  - JOUR\nTI  - é", bom: true);

        FormatDetector.Detect("x.ris", bytes.AsSpan(0, bytes.Length - 1)).Format.ShouldBe(ReferenceFormat.Ris);
    }

    [Theory]
    [InlineData("UTF-8", "UTF-8")]
    [InlineData("UTF8", "UTF-8")]
    [InlineData("US-ASCII", "UTF-8")]
    [InlineData("windows-1252", "Windows-1252")]
    [InlineData("Cp1252", "Windows-1252")]
    [InlineData("ISO8859_1", "ISO-8859-1")]
    [InlineData("ISO-8859-1", "ISO-8859-1")]
    [InlineData("ISO8859_15", "ISO-8859-15")]
    [InlineData("Cp1250", "Windows-1250")]
    [InlineData("windows-1251", "Windows-1251")]
    [InlineData("MacRoman", "MacRoman")]
    [InlineData("UTF-16", null)]
    [InlineData("UTF-16LE", null)]
    [InlineData("UnicodeLittle", null)]
    [InlineData("no-such-charset", null)]
    public void Maps_the_Java_names_JabRef_writes(string javaName, string? expected)
    {
        SourceEncoding.FromJavaName(javaName)?.Name.ShouldBe(expected);
        (SourceEncoding.FromJavaName(javaName) is null).ShouldBe(expected is null);
    }

    [Fact]
    public void A_Windows_1250_header_reads_Central_European_letters()
    {
        var bytes = Encode(CodePages(1250), "% Encoding: Cp1250\n\n@misc{k, title = {Łódź, Žižkov, Őrség}}\n");

        var detection = FormatDetector.Detect("refs.bib", bytes);

        detection.Encoding.ShouldBe("Windows-1250");
        detection.Format.ShouldBe(ReferenceFormat.BibTex);
    }

    [Fact]
    public async Task A_Windows_1250_header_reaches_the_reader()
    {
        var bytes = Encode(CodePages(1250), "% Encoding: Cp1250\n\n@misc{k, title = {Łódź, Žižkov, Őrség}}\n");

        var records = await FormatsTestIo.ReadAsync(new BibTexReader(), bytes);

        records.Only().Title.ShouldBe("Łódź, Žižkov, Őrség");
        records[0].Diagnostics.ShouldBeEmpty();
    }

    private static Encoding CodePages(int codePage)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(codePage);
    }
}

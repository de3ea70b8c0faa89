using System.Text;
using Enrichment.Core.Formats;
using Enrichment.Testing;

namespace Enrichment.Core.Tests.Formats.Detection;

public sealed class FormatDetectorTests
{
    private static FormatDetection Detect(string fileName, string text) => FormatDetector.Detect(fileName, Encoding.UTF8.GetBytes(text));

    [Theory]
    [InlineData("refs.bib", "@article{key,\n  title = {T}\n}\n", ReferenceFormat.BibTex)]
    [InlineData("refs.txt", "@article{key,\n  title = {T}\n}\n", ReferenceFormat.BibTex)]
    [InlineData("refs.csv", "% comment\n\n  @ARTICLE (key,\n title = \"T\")\n", ReferenceFormat.BibTex)]
    [InlineData("seed.bib", "@article { \n  title = {T}\n}\n", ReferenceFormat.BibTex)]
    [InlineData("refs", "Free text before entries is a comment in BibTeX.\n@book{b, title={T}}", ReferenceFormat.BibTex)]
    [InlineData("export.ris", "TY  - JOUR\r\nTI  - T\r\nER  - \r\n", ReferenceFormat.Ris)]
    [InlineData("export.txt", "\r\nTY  - JOUR\r\nER  - \r\n", ReferenceFormat.Ris)]
    [InlineData("export.txt", "ID  - x\nTY  - BOOK\nER  - \n", ReferenceFormat.Ris)]
    [InlineData("items.json", "[\n  {\"id\": \"a\"}\n]", ReferenceFormat.CslJson)]
    [InlineData("items.txt", "{\"id\": \"a\", \"type\": \"book\"}", ReferenceFormat.CslJson)]
    [InlineData("items.json", "[]", ReferenceFormat.CslJson)]
    [InlineData("dois.txt", "# my list\n10.1000/abc\n", ReferenceFormat.DoiList)]
    [InlineData("dois", "https://doi.org/10.1000/abc\n", ReferenceFormat.DoiList)]
    [InlineData("dois.csv", "Title,DOI\nT,10.1000/abc\n", ReferenceFormat.DoiList)]
    [InlineData("dois.bib", "doi:10.1000/abc\n", ReferenceFormat.DoiList)]
    public void Lets_the_content_decide_over_the_extension(string fileName, string text, ReferenceFormat format)
    {
        var detection = Detect(fileName, text);

        detection.Format.ShouldBe(format, detection.ToString());
        detection.Rejection.ShouldBeNull();
        detection.Evidence.ShouldStartWith("content");
    }

    [Theory]
    [InlineData("empty-start.bib", ReferenceFormat.BibTex)]
    [InlineData("empty-start.ris", ReferenceFormat.Ris)]
    public void Falls_back_on_the_extension_when_the_start_says_nothing(string fileName, ReferenceFormat format)
    {
        var detection = Detect(fileName, "Some header text that is no entry yet.\n");

        detection.Format.ShouldBe(format);
        detection.Evidence.ShouldStartWith("extension");
    }

    [Fact]
    public void Skips_a_utf8_byte_order_mark()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("TY  - JOUR\n")).ToArray();

        FormatDetector.Detect("x.ris", bytes).Format.ShouldBe(ReferenceFormat.Ris);
    }

    [Theory]
    [InlineData("paper.pdf", new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x37 }, "a PDF document")]
    [InlineData("refs.docx", new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x14, 0x00 }, "a Word document")]
    [InlineData("refs.zip", new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x14, 0x00 }, "a ZIP archive")]
    [InlineData("figure.png", new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, "a PNG image")]
    [InlineData("refs.bib.gz", new byte[] { 0x1F, 0x8B, 0x08, 0x00 }, "gzip")]
    [InlineData("refs.doc", new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }, "old Microsoft Office")]
    [InlineData("refs.bib", new byte[] { 0x40, 0x61, 0x00, 0x62 }, "NUL byte at offset 2")]
    [InlineData("empty.bib", new byte[0], "empty")]
    [InlineData("blank.txt", new byte[] { 0x20, 0x0A, 0x0D, 0x0A, 0x09 }, "only blank lines")]
    public void Rejects_binary_foreign_and_empty_files_naming_what_they_look_like(string fileName, byte[] head, string reason)
    {
        var detection = FormatDetector.Detect(fileName, head);

        detection.IsRecognised.ShouldBeFalse();
        detection.Format.ShouldBeNull();
        detection.Rejection!.ShouldContain(reason);
    }

    [Theory]
    [InlineData("refs.xml", "<?xml version=\"1.0\"?><xml><records/></xml>", "XML")]
    [InlineData("page.html", "<!DOCTYPE html><html></html>", "HTML")]
    [InlineData("pubmed.nbib", "PMID- 12345678\nOWN - NLM\n", "MEDLINE")]
    [InlineData("savedrecs.txt", "FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nAU Smith, J\n", "Web of Science")]
    [InlineData("refs.enw", "%0 Journal Article\n%A Smith, J\n", "EndNote tagged")]
    [InlineData("notes.txt", "Just some notes\nwith no references in them\n", "no BibTeX entry, RIS record, CSL-JSON item, DOI or reference string")]
    [InlineData("table.csv", "title,year\nT,2016\n", "a 'doi' column")]
    public void Rejects_text_that_is_no_reference_format_with_a_reason(string fileName, string text, string reason)
    {
        var detection = Detect(fileName, text);

        detection.IsRecognised.ShouldBeFalse();
        detection.Rejection!.ShouldContain(reason);
    }

    [Theory]
    [InlineData("refs.txt", "Ash, A. (2016). Fire ecology of the boreal forest. Journal of Fire, 12, 1-10.\n", ReferenceFormat.ReferenceList)]
    [InlineData("refs.txt", "References\n\n[1] A. Ash, \"Fire ecology,\" J. Fire, vol. 12,\npp. 1-10, 2016.\n[2] B. Birch, \"Seeds,\" 2019.\n", ReferenceFormat.ReferenceList)]
    [InlineData("refs", "1. Ash A. Fire ecology. J Fire\n2. Birch B. Seeds after fire. Forest\n", ReferenceFormat.ReferenceList)]
    [InlineData("mixed.txt", "10.1000/abc\nAsh, A. (2016). Fire ecology. Journal of Fire.\n10.1000/def\n", ReferenceFormat.ReferenceList)]
    [InlineData("refs.txt", "Smith 2016 https://doi.org/10.1000/abc\n", ReferenceFormat.ReferenceList)]
    [InlineData("dois.txt", "10.1000/abc\n10.1000/def\nhttps://doi.org/10.1000/ghi\n", ReferenceFormat.DoiList)]
    [InlineData("dois.txt", "10.1000/abc\nnot a doi\n10.1000/def\n", ReferenceFormat.DoiList)]
    [InlineData("dois.csv", "Title,DOI\nFire ecology 2016 of the forest,10.1000/abc\n", ReferenceFormat.DoiList)]
    public void Tells_a_DOI_list_from_a_reference_list_by_its_lines(string fileName, string text, ReferenceFormat format)
    {
        var detection = Detect(fileName, text);

        detection.Format.ShouldBe(format, detection.ToString());
        detection.Evidence.ShouldStartWith("content");
    }

    [Fact]
    public void A_head_cut_inside_a_line_judges_by_the_whole_lines_before_it()
    {
        // Two DOIs, then a line the head cuts after four words and a year: still a DOI list.
        var detection = Detect("dois.txt", "10.1000/abc\n10.1000/def\nSmith and Jones wrote in 2016");

        detection.Format.ShouldBe(ReferenceFormat.DoiList);
    }

    [Fact]
    public void Reads_a_file_that_is_not_UTF8_as_Windows_1252_with_a_warning()
    {
        // Was refused as "not UTF-8 text (an invalid byte at offset 8)" before Windows-1252 was read.
        var detection = FormatDetector.Detect("latin1.bib", [0x40, 0x61, 0x7B, 0x6B, 0x2C, 0x74, 0x3D, 0x7B, 0xE9, 0x74, 0xE9, 0x7D, 0x7D]);

        detection.Format.ShouldBe(ReferenceFormat.BibTex);
        detection.Encoding.ShouldBe("Windows-1252");
        detection.Warning.ShouldBe("read as Windows-1252: the file is not UTF-8");
    }

    [Fact]
    public void Reads_UTF16_text_with_a_byte_order_mark()
    {
        // Was refused as "the file is UTF-16 text: save it as UTF-8".
        var detection = FormatDetector.Detect("utf16.ris", [0xFF, 0xFE, 0x54, 0x00, 0x59, 0x00, 0x20, 0x00, 0x20, 0x00, 0x2D, 0x00, 0x20, 0x00, 0x4A, 0x00]);

        detection.Format.ShouldBe(ReferenceFormat.Ris);
        detection.Encoding.ShouldBe("UTF-16LE");
        detection.Warning.ShouldBeNull();
    }

    [Fact]
    public void Accepts_a_multibyte_character_cut_by_the_end_of_the_head()
    {
        var bytes = Encoding.UTF8.GetBytes("@book{k, title={Kitāb}}");
        var cut = bytes.AsSpan(0, Array.IndexOf(bytes, (byte)0xC4) + 1);

        FormatDetector.Detect("x.bib", cut).Format.ShouldBe(ReferenceFormat.BibTex);
    }

    [SharedDataTheory]
    [InlineData("seed-khalili2016.bib")]
    [InlineData("biblatex-examples.bib")]
    [InlineData("cryptobib-abbrev0.bib")]
    public void Detects_the_shared_BibTeX_files_even_when_renamed_to_txt(string fileName)
    {
        var head = ReadHead(SharedData.BibTex(fileName));

        FormatDetector.Detect(fileName, head).Format.ShouldBe(ReferenceFormat.BibTex);
        FormatDetector.Detect(Path.ChangeExtension(fileName, ".txt"), head).Format.ShouldBe(ReferenceFormat.BibTex);
    }

    [SharedDataFact]
    public void Detects_a_Crossref_work_response_as_JSON()
    {
        var file = Directory.EnumerateFiles(SharedData.CrossrefWorks, "*.json").First();

        FormatDetector.Detect(file, ReadHead(file)).Format.ShouldBe(ReferenceFormat.CslJson);
    }

    private static byte[] ReadHead(string path)
    {
        using var stream = File.OpenRead(path);
        var buffer = new byte[FormatDetector.HeadLength];
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        return buffer[..read];
    }
}

using System.Text;
using Enrichment.Core.Formats;
using Enrichment.Core.Formats.Ris;
using Enrichment.Core.Records;

namespace Enrichment.Core.Tests.Formats.Ris;

public sealed class RisReaderTests
{
    private const string Article = """
        TY  - JOUR
        ID  - khalili2016
        AU  - Khalili, Mohsen
        AU  - Rahimi, Sara
        A2  - Editor, Ed
        TI  - Conflict of electronic democracy
        T2  - Strategic Studies Quarterly
        J2  - Strat. Stud. Q.
        PY  - 2016
        DA  - 2016/03/21/
        VL  - 19
        IS  - 71
        SP  - 7
        EP  - 32
        SN  - 1735-0727
        DO  - 10.22054/tssq.2016.2451
        UR  - https://quarterly.sss.ir/article_2451.html
        PB  - Allameh Tabataba'i University
        CY  - Tehran
        AB  - The first sentence of the abstract.
        KW  - democracy
        KW  - e-government
        LA  - fa
        N1  - A note.
        ER  - 

        """;

    private static Task<List<ParsedRecord>> ReadAsync(string text) => FormatsTestIo.ReadAsync(new RisReader(), text);

    [Theory]
    [InlineData("CHAP", "TI  - A chapter\nBT  - The book\n", "A chapter", "The book")]
    [InlineData("CHAP", "BT  - The book\nTI  - A chapter\n", "A chapter", "The book")]
    [InlineData("CONF", "TI  - A paper\nBT  - Proceedings of the meeting\n", "A paper", "Proceedings of the meeting")]
    [InlineData("BOOK", "BT  - The book\n", "The book", null)]
    [InlineData("UNPB", "BT  - A manuscript\n", "A manuscript", null)]
    [InlineData("BOOK", "TI  - The book\nBT  - The book\n", "The book", null)]
    public async Task BT_is_the_book_title_of_a_part_and_the_title_of_a_book(string type, string tags, string title, string? containerTitle)
    {
        var record = (await ReadAsync($"TY  - {type}\n{tags}ER  - \n")).ShouldHaveSingleItem().Reference!;

        record.Title.ShouldBe(title);
        record.Get("container-title").ShouldBe(containerTitle);
        record.Custom.Keys.ShouldNotContain("ris:BT");
    }

    [Fact]
    public async Task Reads_every_standard_tag_of_a_journal_article()
    {
        var reference = (await ReadAsync(Article)).Only();

        reference.Id.ShouldBe("khalili2016");
        reference.Type.ShouldBe("article-journal");
        reference.Authors.ShouldBe([new PersonName { Family = "Khalili", Given = "Mohsen" }, new PersonName { Family = "Rahimi", Given = "Sara" }]);
        reference.GetNames("editor").ShouldBe([new PersonName { Family = "Editor", Given = "Ed" }]);
        reference.Title.ShouldBe("Conflict of electronic democracy");
        reference.Get("container-title").ShouldBe("Strategic Studies Quarterly");
        reference.Get("container-title-short").ShouldBe("Strat. Stud. Q.");
        reference.GetDate("issued").ShouldBe(DateValue.FromParts(2016, 3, 21));
        reference.Get("volume").ShouldBe("19");
        reference.Get("issue").ShouldBe("71");
        reference.Get("page").ShouldBe("7-32");
        reference.Get("ISSN").ShouldBe("1735-0727");
        reference.DoiText.ShouldBe("10.22054/tssq.2016.2451");
        reference.Get("URL").ShouldBe("https://quarterly.sss.ir/article_2451.html");
        reference.Get("publisher").ShouldBe("Allameh Tabataba'i University");
        reference.Get("publisher-place").ShouldBe("Tehran");
        reference.Get("abstract").ShouldBe("The first sentence of the abstract.");
        reference.Get("keyword").ShouldBe("democracy, e-government");
        reference.Get("language").ShouldBe("fa");
        reference.Get("note").ShouldBe("A note.");
        reference.Custom.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public async Task Reads_the_same_record_whatever_the_line_ends(string lineEnd)
    {
        var expected = (await ReadAsync(Article)).Only();

        var actual = (await ReadAsync(Article.ReplaceLineEndings(lineEnd))).Only();

        actual.ShouldBe(expected);
    }

    [Fact]
    public async Task Skips_a_utf8_byte_order_mark()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("TY  - BOOK\nTI  - Kitāb\nER  - \n")).ToArray();

        var reference = (await FormatsTestIo.ReadAsync(new RisReader(), bytes)).Only();

        reference.Type.ShouldBe("book");
        reference.Title.ShouldBe("Kitāb");
    }

    [Fact]
    public async Task Joins_continuation_lines_with_a_space_and_abstract_lines_with_a_newline()
    {
        const string text = """
            TY  - JOUR
            TI  - A title long enough
              to wrap onto a second line
            AB  - First line of the abstract.
            Second line of the abstract.
            ER  -
            """;

        var reference = (await ReadAsync(text)).Only();

        reference.Title.ShouldBe("A title long enough to wrap onto a second line");
        reference.Get("abstract").ShouldBe("First line of the abstract.\nSecond line of the abstract.");
    }

    [Fact]
    public async Task Reads_a_last_record_without_ER_with_a_warning_naming_the_line()
    {
        const string text = "TY  - JOUR\nTI  - First\nER  - \n\nTY  - BOOK\nTI  - Second\n";

        var records = await ReadAsync(text);

        records.Count.ShouldBe(2);
        records[1].Reference!.Title.ShouldBe("Second");
        records[1].Line.ShouldBe(5);
        var warning = records[1].Diagnostics.ShouldHaveSingleItem();
        warning.Severity.ShouldBe(DiagnosticSeverity.Warning);
        warning.Message.ShouldContain("no ER");
        warning.Line.ShouldBe(6);
    }

    [Fact]
    public async Task Ends_a_record_at_the_next_TY_when_ER_is_missing()
    {
        const string text = "TY  - JOUR\nTI  - First\nTY  - BOOK\nTI  - Second\nER  - \n";

        var records = await ReadAsync(text);

        records.Select(r => r.Reference!.Title).ShouldBe(["First", "Second"]);
        records[0].Diagnostics.ShouldHaveSingleItem().Message.ShouldContain("no ER before the next TY at line 3");
        records[1].Diagnostics.ShouldBeEmpty();
    }

    [Fact]
    public async Task Keeps_unknown_tags_in_custom_with_repeated_values_on_separate_lines()
    {
        const string text = "TY  - JOUR\nTI  - T\nM3  - Article\nL1  - file:///a.pdf\nL1  - file:///b.pdf\nC1  - x\nER  - \n";

        var reference = (await ReadAsync(text)).Only();

        reference.Custom.ShouldBe(new Dictionary<string, string>
        {
            ["ris:C1"] = "x",
            ["ris:L1"] = "file:///a.pdf\nfile:///b.pdf",
            ["ris:M3"] = "Article",
        });
    }

    [Fact]
    public async Task Keeps_a_second_different_value_for_a_single_valued_variable_in_custom()
    {
        const string text = "TY  - JOUR\nT2  - Journal of Tests\nJF  - Journal of Tests\nJO  - J Tests\nUR  - https://a.example\nUR  - https://b.example\nER  - \n";

        var reference = (await ReadAsync(text)).Only();

        reference.Get("container-title").ShouldBe("Journal of Tests");
        reference.Get("URL").ShouldBe("https://a.example");
        reference.Custom["ris:JO"].ShouldBe("J Tests");
        reference.Custom["ris:UR"].ShouldBe("https://b.example");
        reference.Custom.ContainsKey("ris:JF").ShouldBeFalse();
    }

    [Theory]
    [InlineData("AU", "author")]
    [InlineData("A1", "author")]
    [InlineData("A2", "editor")]
    [InlineData("ED", "editor")]
    [InlineData("A3", "collection-editor")]
    [InlineData("A4", "translator")]
    public async Task Reads_each_name_tag_into_its_CSL_name_variable(string tag, string variable)
    {
        var reference = (await ReadAsync($"TY  - BOOK\n{tag}  - Smith, John\n{tag}  - Doe, Jane\nER  - \n")).Only();

        reference.GetNames(variable).Select(n => n.Family).ShouldBe(["Smith", "Doe"]);
    }

    [Theory]
    [InlineData("Smith, John", "Smith", "John", null, null)]
    [InlineData("Smith, John, Jr.", "Smith", "John", "Jr.", null)]
    [InlineData("van der Berg, Jan", "van der Berg", "Jan", null, null)]
    [InlineData("Plato,", "Plato", null, null, null)]
    [InlineData("World Health Organization", null, null, null, "World Health Organization")]
    public async Task Splits_names_at_commas_and_keeps_names_without_one_whole(string text, string? family, string? given, string? suffix, string? literal)
    {
        var reference = (await ReadAsync($"TY  - JOUR\nAU  - {text}\nER  - \n")).Only();

        reference.Authors.ShouldHaveSingleItem().ShouldBe(new PersonName { Family = family, Given = given, Suffix = suffix, Literal = literal });
    }

    [Theory]
    [InlineData("PY  - 2016", 2016, null, null)]
    [InlineData("PY  - 2016/03/21/", 2016, 3, 21)]
    [InlineData("PY  - 2016/03//", 2016, 3, null)]
    [InlineData("DA  - 2016/03/21/", 2016, 3, 21)]
    [InlineData("Y1  - 2016/11//", 2016, 11, null)]
    [InlineData("DA  - 2016-03-21", 2016, 3, 21)]
    [InlineData("PY  - 2016\nDA  - 2016/05/02/", 2016, 5, 2)]
    [InlineData("DA  - 2016/05/02/\nPY  - 2016", 2016, 5, 2)]
    public async Task Reads_dates_in_the_RIS_and_ISO_forms(string lines, int year, int? month, int? day)
    {
        var reference = (await ReadAsync($"TY  - JOUR\n{lines}\nER  - \n")).Only();

        reference.GetDate("issued").ShouldBe(DateValue.FromParts(year, month, day));
    }

    [Fact]
    public async Task Keeps_a_date_that_disagrees_with_the_year_in_custom()
    {
        var reference = (await ReadAsync("TY  - JOUR\nPY  - 2016\nDA  - 2015/12/30/\nER  - \n")).Only();

        reference.GetDate("issued").ShouldBe(DateValue.FromParts(2016));
        reference.Custom["ris:DA"].ShouldBe("2015/12/30/");
    }

    [Fact]
    public async Task Keeps_the_free_text_part_of_a_date_and_reads_seasons()
    {
        var records = await ReadAsync("TY  - JOUR\nDA  - 2016///Conference week\nER  - \nTY  - JOUR\nDA  - 2016///Fall\nER  - \nTY  - JOUR\nPY  - n.d.\nER  - \n");

        records[0].Reference!.GetDate("issued").ShouldBe(new DateValue { Parts = [new DatePart(2016)], Raw = "2016///Conference week" });
        records[1].Reference!.GetDate("issued").ShouldBe(new DateValue { Parts = [new DatePart(2016)], Season = 3 });
        records[2].Reference!.GetDate("issued").ShouldBe(new DateValue { Raw = "n.d." });
    }

    [Fact]
    public async Task Reads_the_access_date_from_Y2()
    {
        var reference = (await ReadAsync("TY  - ELEC\nY2  - 2024/01/15/\nER  - \n")).Only();

        reference.Type.ShouldBe("webpage");
        reference.GetDate("accessed").ShouldBe(DateValue.FromParts(2024, 1, 15));
    }

    [Theory]
    [InlineData("1735-0727", "BOOK", "ISSN")]
    [InlineData("978-3-16-148410-0", "JOUR", "ISBN")]
    [InlineData("0-306-40615-2", "JOUR", "ISBN")]
    [InlineData("12345", "BOOK", "ISBN")]
    [InlineData("12345", "JOUR", "ISSN")]
    public async Task Tells_an_ISSN_from_an_ISBN_by_length_then_by_type(string serial, string type, string variable)
    {
        var reference = (await ReadAsync($"TY  - {type}\nSN  - {serial}\nER  - \n")).Only();

        reference.Get(variable).ShouldBe(serial);
    }

    [Theory]
    [InlineData("SP  - 7", "7")]
    [InlineData("SP  - 7\nEP  - 32", "7-32")]
    [InlineData("EP  - 32\nSP  - 7", "7-32")]
    [InlineData("SP  - e1002", "e1002")]
    [InlineData("SP  - 7–32", "7–32")]
    public async Task Joins_start_and_end_pages(string lines, string page)
    {
        var reference = (await ReadAsync($"TY  - JOUR\n{lines}\nER  - \n")).Only();

        reference.Get("page").ShouldBe(page);
    }

    [Fact]
    public async Task Joins_keywords_holding_commas_with_semicolons()
    {
        var reference = (await ReadAsync("TY  - JOUR\nKW  - Smith, John\nKW  - democracy\nER  - \n")).Only();

        reference.Get("keyword").ShouldBe("Smith, John; democracy");
    }

    [Theory]
    [InlineData("JOUR", "article-journal")]
    [InlineData("EJOUR", "article-journal")]
    [InlineData("BOOK", "book")]
    [InlineData("EDBOOK", "book")]
    [InlineData("CHAP", "chapter")]
    [InlineData("CONF", "paper-conference")]
    [InlineData("CPAPER", "paper-conference")]
    [InlineData("THES", "thesis")]
    [InlineData("RPRT", "report")]
    [InlineData("GEN", "article")]
    [InlineData("NEWS", "article-newspaper")]
    [InlineData("MGZN", "article-magazine")]
    [InlineData("DATA", "dataset")]
    [InlineData("COMP", "software")]
    [InlineData("PAT", "patent")]
    [InlineData("ELEC", "webpage")]
    [InlineData("jour", "article-journal")]
    public async Task Maps_reference_types_to_CSL_types(string risType, string cslType)
    {
        var reference = (await ReadAsync($"TY  - {risType}\nER  - \n")).Only();

        reference.Type.ShouldBe(cslType);
    }

    [Fact]
    public async Task Keeps_a_source_type_the_writer_would_spell_differently()
    {
        var reference = (await ReadAsync("TY  - EJOUR\nER  - \n")).Only();

        reference.Custom["ris:TY"].ShouldBe("EJOUR");
    }

    [Fact]
    public async Task Reads_an_unknown_type_as_article_with_a_warning()
    {
        var record = (await ReadAsync("TY  - ZZZZ\nTI  - T\nER  - \n")).ShouldHaveSingleItem();

        record.Reference!.Type.ShouldBe("article");
        record.Reference.Custom["ris:TY"].ShouldBe("ZZZZ");
        record.Diagnostics.ShouldHaveSingleItem().Message.ShouldContain("Unknown RIS type 'ZZZZ'");
    }

    [Fact]
    public async Task Makes_unique_ids_from_author_and_year_when_there_is_no_ID()
    {
        const string text = "TY  - JOUR\nAU  - Smith, J\nPY  - 2016\nER  - \nTY  - JOUR\nAU  - Smith, K\nPY  - 2016\nER  - \nTY  - JOUR\nER  - \n";

        var records = await ReadAsync(text);

        records.Select(r => r.Reference!.Id).ShouldBe(["smith2016", "smith2016a", "ris"]);
        records.Select(r => r.Key).ShouldBe(["smith2016", "smith2016a", "ris"]);
    }

    [Fact]
    public async Task Reports_a_record_without_TY_as_an_error_and_reads_the_next()
    {
        const string text = "TI  - Orphan\nAU  - Smith, J\nER  - \nTY  - JOUR\nTI  - Fine\nER  - \n";

        var records = await ReadAsync(text);

        records.Count.ShouldBe(2);
        records[0].IsError.ShouldBeTrue();
        records[0].Line.ShouldBe(1);
        records[0].Error!.ShouldContain("no TY");
        records[1].Reference!.Title.ShouldBe("Fine");
        records[1].Line.ShouldBe(4);
    }

    [Fact]
    public async Task Reports_text_outside_any_record_once_with_its_first_line()
    {
        const string text = "Exported by a tool\nsecond header line\n\nTY  - JOUR\nTI  - Fine\nER  - \n";

        var records = await ReadAsync(text);

        records[0].IsError.ShouldBeTrue();
        records[0].Line.ShouldBe(1);
        records[0].Error!.ShouldContain("2 lines of text outside any RIS record");
        records[1].Reference!.Title.ShouldBe("Fine");
    }

    [Theory]
    [InlineData("TY  - JOUR", true, "TY", "JOUR")]
    [InlineData("ER  -", true, "ER", "")]
    [InlineData("ER  - ", true, "ER", "")]
    [InlineData("TI - One space before the hyphen", true, "TI", "One space before the hyphen")]
    [InlineData("ZZ - unknown tag with one space", false, "", "")]
    [InlineData("ZZ  - unknown tag with two spaces", true, "ZZ", "unknown tag with two spaces")]
    [InlineData("An - ordinary sentence", false, "", "")]
    [InlineData("TI  -no space after the hyphen", false, "", "")]
    public void Recognises_tag_lines(string line, bool isTag, string tag, string value)
    {
        RisReader.TryParseTagLine(line, out var actualTag, out var actualValue).ShouldBe(isTag);
        actualTag.ShouldBe(tag);
        actualValue.ShouldBe(value);
    }

    [Fact]
    public async Task Reads_an_empty_stream_as_no_records()
    {
        (await ReadAsync("")).ShouldBeEmpty();
    }
}

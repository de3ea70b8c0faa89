using Enrichment.Core.Records;

namespace Enrichment.Core.Tests.Formats.BibTex;

public sealed class BibTexMappingTests
{
    [Theory]
    [InlineData("article", "article-journal", null)]
    [InlineData("book", "book", null)]
    [InlineData("incollection", "chapter", null)]
    [InlineData("inbook", "chapter", "inbook")]
    [InlineData("inproceedings", "paper-conference", null)]
    [InlineData("conference", "paper-conference", "conference")]
    [InlineData("phdthesis", "thesis", "phdthesis")]
    [InlineData("mastersthesis", "thesis", "mastersthesis")]
    [InlineData("thesis", "thesis", null)]
    [InlineData("techreport", "report", "techreport")]
    [InlineData("report", "report", null)]
    [InlineData("misc", "document", null)]
    [InlineData("online", "webpage", null)]
    [InlineData("mvbook", "book", "mvbook")]
    [InlineData("collection", "book", "collection")]
    [InlineData("unpublished", "manuscript", null)]
    [InlineData("booklet", "pamphlet", null)]
    [InlineData("patent", "patent", null)]
    [InlineData("dataset", "dataset", null)]
    [InlineData("software", "software", null)]
    [InlineData("whatever", "document", "whatever")]
    public async Task Maps_entry_types_and_keeps_the_BibTeX_type_only_when_CSL_loses_it(string bibType, string cslType, string? kept)
    {
        var reference = await BibTex.ReadOneAsync($"@{bibType}{{k, title = {{T}}}}");

        reference.Type.ShouldBe(cslType);
        reference.Custom.GetValueOrDefault("bibtex-type").ShouldBe(kept);
    }

    public static TheoryData<string, string, string> Variables => new()
    {
        // entry, variable, expected
        { "@article{k, journal = {J. Chem.}}", "container-title", "J. Chem." },
        { "@article{k, journaltitle = {J. Chem.}}", "container-title", "J. Chem." },
        { "@inproceedings{k, booktitle = {Proc. X}}", "container-title", "Proc. X" },
        { "@article{k, number = {3}}", "issue", "3" },
        { "@techreport{k, number = {TR-7}}", "number", "TR-7" },
        { "@book{k, series = {LNCS}, number = {42}}", "collection-number", "42" },
        { "@article{k, pages = {97--111}}", "page", "97-111" },
        { "@article{k, pages = {97---111}}", "page", "97-111" },
        { "@article{k, pages = {97\u2013111}}", "page", "97-111" },
        { "@book{k, address = {Berlin}}", "publisher-place", "Berlin" },
        { "@book{k, location = {Berlin}}", "publisher-place", "Berlin" },
        { "@phdthesis{k, school = {MIT}}", "publisher", "MIT" },
        { "@techreport{k, institution = {CERN}}", "publisher", "CERN" },
        { "@book{k, isbn = {978-3-16-148410-0}}", "ISBN", "978-3-16-148410-0" },
        { "@article{k, issn = {2476-2806}}", "ISSN", "2476-2806" },
        { "@online{k, url = {https://x.org/a_b%20c}}", "URL", "https://x.org/a_b%20c" },
        { "@article{k, abstract = {We show \\emph{this}.}}", "abstract", "We show <i>this</i>." },
        { "@article{k, keywords = {a, b}}", "keyword", "a, b" },
        { "@article{k, language = {english}}", "language", "english" },
        { "@article{k, note = {In press}}", "note", "In press" },
        { "@book{k, edition = {2nd}}", "edition", "2nd" },
        { "@book{k, volume = 3}", "volume", "3" },
        { "@article{k, doi = {10.1000/XYZ}}", "DOI", "10.1000/xyz" },
        { "@article{k, doi = {https://doi.org/10.1000/abc}}", "DOI", "10.1000/abc" },
        { "@article{k, url = {https://doi.org/10.1000/fromurl}}", "DOI", "10.1000/fromurl" },
        { "@article{k, note = {see doi:10.1000/fromnote.}}", "DOI", "10.1000/fromnote" },
        { "@article{k, eprint = {10.1000/fromeprint}}", "DOI", "10.1000/fromeprint" },
        { "@misc{k, howpublished = {\\url{http://dx.doi.org/10.1000/hp}}}", "DOI", "10.1000/hp" },
        { "@article{k, title = {The {DNA} Story}}", "title", "The <span class=\"nocase\">DNA</span> Story" },
        { "@article{k, title = {{The Whole Thing}}}", "title", "The Whole Thing" },
        { "@article{k, title = {Caf{\\'e} -- Bar}}", "title", "Café \u2013 Bar" },
    };

    [Theory]
    [MemberData(nameof(Variables))]
    public async Task Maps_fields_to_CSL_variables(string entry, string variable, string expected)
    {
        var reference = await BibTex.ReadOneAsync(entry);

        reference.Get(variable).ShouldBe(expected);
    }

    public static TheoryData<string, DateValue> Dates => new()
    {
        { "year = 2016", DateValue.FromParts(2016) },
        { "year = {2016}, month = mar", DateValue.FromParts(2016, 3) },
        { "year = {2016}, month = {11}", DateValue.FromParts(2016, 11) },
        { "date = {2016-03-01}", DateValue.FromParts(2016, 3, 1) },
        { "date = {2016-03}", DateValue.FromParts(2016, 3) },
        { "date = {1997/1999}", new DateValue { Parts = [new DatePart(1997), new DatePart(1999)] } },
        { "date = {2001-02-03/2001-04}", new DateValue { Parts = [new DatePart(2001, 2, 3), new DatePart(2001, 4)] } },
        { "year = {in press}", new DateValue { Raw = "in press" } },
        { "date = {circa 1850}", new DateValue { Raw = "circa 1850" } },
    };

    [Theory]
    [MemberData(nameof(Dates))]
    public async Task Reads_the_issued_date_from_year_month_and_date(string fields, DateValue expected)
    {
        var reference = await BibTex.ReadOneAsync($"@article{{k, {fields}}}");

        reference.GetDate("issued").ShouldBe(expected);
    }

    [Fact]
    public async Task Keeps_year_and_month_in_custom_when_date_wins_and_an_unreadable_month()
    {
        var both = await BibTex.ReadOneAsync("@article{k, date = {2001-02}, year = {2001}}");
        var spring = await BibTex.ReadOneAsync("@article{k, year = {2001}, month = {Spring}}");

        both.GetDate("issued").ShouldBe(DateValue.FromParts(2001, 2));
        both.Custom["year"].ShouldBe("2001");
        spring.GetDate("issued").ShouldBe(DateValue.FromParts(2001));
        spring.Custom["month"].ShouldBe("Spring");
    }

    [Fact]
    public async Task Reads_biblatex_dates_and_names()
    {
        var reference = await BibTex.ReadOneAsync(
            "@online{k, urldate = {2020-05-06}, eventdate = {2019}, bookauthor = {Doe, Jane}, translator = {Roe, R.}, editor = {Poe, E. and others}}");

        reference.GetDate("accessed").ShouldBe(DateValue.FromParts(2020, 5, 6));
        reference.GetDate("event-date").ShouldBe(DateValue.FromParts(2019));
        reference.GetNames("container-author").ShouldHaveSingleItem().Family.ShouldBe("Doe");
        reference.GetNames("translator").ShouldHaveSingleItem().Given.ShouldBe("R.");
        reference.GetNames("editor")[1].ShouldBe(PersonName.Others);
    }

    [Fact]
    public async Task Keeps_every_field_without_a_CSL_variable_verbatim_in_custom()
    {
        var reference = await BibTex.ReadOneAsync("""
            @article{k,
              title_fa = {کشاکشِ دولت},
              eissn = {2476-6828},
              eprint = {https://x.org/a.pdf},
              subtitle = {A {Sub} T{\"i}tle},
              Crossref = {parent},
              journal = {J},
              journaltitle = {Second Journal},
              doi = {not a doi}
            }
            """);

        reference.Custom["title_fa"].ShouldBe("کشاکشِ دولت");
        reference.Custom["eissn"].ShouldBe("2476-6828");
        reference.Custom["eprint"].ShouldBe("https://x.org/a.pdf");
        reference.Custom["subtitle"].ShouldBe("A {Sub} T{\\\"i}tle");
        reference.Custom["crossref"].ShouldBe("parent");
        reference.Get("container-title").ShouldBe("J");
        reference.Custom["journaltitle"].ShouldBe("Second Journal");
        reference.Custom["doi"].ShouldBe("not a doi");
        reference.DoiText.ShouldBeNull();
    }

    [Fact]
    public async Task Keeps_a_repeated_field_under_a_numbered_name_with_a_warning()
    {
        var records = await BibTex.ReadAsync("@article{k, note = {one}, note = {two}}");

        records[0].Reference!.Get("note").ShouldBe("one");
        records[0].Reference!.Custom["note-2"].ShouldBe("two");
        records[0].Diagnostics.ShouldHaveSingleItem().Message.ShouldContain("twice");
    }
}

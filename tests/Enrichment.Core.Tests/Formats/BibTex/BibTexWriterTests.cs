using Enrichment.Core.Records;

namespace Enrichment.Core.Tests.Formats.BibTex;

public sealed class BibTexWriterTests
{
    public static TheoryData<string, string> Entries => new()
    {
        { "article", "@article{k, author = {van Beethoven, Ludwig and King, Jr, Martin Luther and others}, title = {The {DNA} of {\\\"O}sterreich: 50\\% \\& more}, journal = {J. {X}}, year = 2016, month = mar, pages = {97--111}, number = 3, volume = {1}, doi = {10.1000/ABC}}" },
        { "seed-like, no key", "@article { author = {Khalili, Mohsen}, title = {Conflict}, eissn = {2476-6828}, title_fa = {کشاکشِ دولت}, url = {https://tssq.atu.ac.ir/article_2451.html}, year = {2016} }" },
        { "corporate author", "@report{k, author = {{Barnes and Noble, Inc.}}, institution = {Big {Co}}, number = {TR-1}}" },
        { "lossy type", "@phdthesis{k, author = {Doe, J.}, school = {MIT}, title = {On $x^2$ and \\emph{y}}, type = {PhD thesis}}" },
        { "biblatex", "@inbook{k, bookauthor = {Doe, Jane}, booktitle = {Big Book}, date = {2001-02-03/2001-04}, urldate = {2020-05-06}, location = {Berlin}, series = {S}, number = {4}}" },
        { "two journal fields", "@article{k, journaltitle = {First}, journal = {Second}}" },
        { "dates kept apart", "@article{k, date = {2001}, year = {2001}, month = {Spring}}" },
        { "raw year and month", "@misc{k, year = {in press}, month = {Spring}, note = {a--b and a-{}-b, ~ tie, \\textasciitilde, \\{brace\\}, back\\textbackslash{}slash}}" },
        { "rich text", "@article{k, title = {H\\textsubscript{2}O and x\\textsuperscript{2} in \\textbf{bold} and {\\em it} and $\\alpha_{1}$}}" },
        { "duplicate field", "@article{k, note = {one}, note = {two}, howpublished = {via https://doi.org/10.1/xyz}}" },
        { "names with particles", "@book{k, editor = {Humboldt, Alexander von and {von} Neumann, John and hooks, bell and d'Alembert, Jean}}" },
    };

    [Theory]
    [MemberData(nameof(Entries))]
    public async Task Parse_write_parse_gives_equal_records(string description, string entry)
    {
        var first = await BibTex.ReadOneAsync(entry);

        var written = await BibTex.WriteAsync([first]);
        var second = await BibTex.ReadOneAsync(written);

        second.ShouldBe(first, $"{description}:\n{written}");
    }

    [Fact]
    public async Task Writes_type_names_nocase_braces_dates_and_custom_fields_back()
    {
        var reference = await BibTex.ReadOneAsync(
            "@techreport{tr1, author = {Ludwig van Beethoven}, title = {The {DNA} of A \\& B}, year = 2016, month = mar, pages = {1--2}, title_fa = {کشاکش}}");

        var written = await BibTex.WriteAsync([reference]);

        written.ShouldStartWith("@techreport{tr1,\n");
        written.ShouldContain("author = {van Beethoven, Ludwig}");
        written.ShouldContain("title = {The {DNA} of A \\& B}");
        written.ShouldContain("year = {2016},\n  month = mar,");
        written.ShouldContain("pages = {1--2}");
        written.ShouldContain("title_fa = {کشاکش}");
        written.ShouldNotContain("bibtex-type");
    }

    [Fact]
    public async Task Writes_records_from_other_sources_as_valid_BibTeX()
    {
        var reference = new Reference { Id = "a key,with {odd} chars", Type = "article-journal" }
            .With("title", "Unbalanced { brace and 100% & more_stuff")
            .With("container-title-short", "J")
            .WithNames("author", [new PersonName { Family = "de la Cruz", Given = "Ana" }, new PersonName { Literal = "ACME & Co" }])
            .WithDate("issued", DateValue.FromParts(2020, 1, 2))
            .WithCustom("weird name", "}{");

        var written = await BibTex.WriteAsync([reference]);
        var records = await BibTex.ReadAsync(written);

        var read = records.ShouldHaveSingleItem().Reference!;
        read.Title.ShouldBe("Unbalanced { brace and 100% & more_stuff");
        read.GetNames("author")[0].Family.ShouldBe("de la Cruz");
        read.GetNames("author")[1].Literal.ShouldBe("ACME & Co");
        read.GetDate("issued").ShouldBe(DateValue.FromParts(2020, 1, 2));
        read.Custom["weird_name"].ShouldBe("\\textbraceright{}\\textbraceleft{}");
    }
}

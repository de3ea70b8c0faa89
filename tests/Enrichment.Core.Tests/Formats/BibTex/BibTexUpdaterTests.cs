using System.Collections.Immutable;
using System.Text;
using Enrichment.Core.Formats.BibTex;
using Enrichment.Core.Records;
using Enrichment.Testing;

namespace Enrichment.Core.Tests.Formats.BibTex;

public sealed class BibTexUpdaterTests
{
    /// <summary>Crossref's record of a work, as the mapping would make it: volume, issue, pages, year, title.</summary>
    private static Reference Crossref(int year = 2021, string title = "Tracing COVID-19 with DNA probes in SiGe sensors") => new()
    {
        Id = "crossref",
        Type = "article-journal",
        Variables = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, string>
        {
            ["title"] = title,
            ["container-title"] = "Journal of Tests",
            ["volume"] = "12",
            ["issue"] = "3",
            ["page"] = "101-119",
            ["DOI"] = "10.1000/test",
        }),
        Names = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, ImmutableArray<PersonName>>
        {
            ["author"] = [new PersonName { Family = "Doe", Given = "Jane" }],
        }),
        Dates = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, DateValue>
        {
            ["issued"] = new DateValue { Parts = [new DatePart(year, 5, 2)] },
        }),
    };

    /// <summary>Every entry of <paramref name="text"/> given Crossref's record.</summary>
    private static async Task<BibTexUpdate> UpdateAsync(string text, Func<Reference, Reference>? ours = null)
    {
        var records = await BibTex.ReadAsync(text);
        var found = records.Where(r => r.Reference is not null)
            .ToDictionary(r => (r.Line, r.Column), r => (r.Reference!, ours?.Invoke(r.Reference!) ?? Crossref()));
        return BibTexUpdater.Update(text, found);
    }

    public static TheoryData<string, string> OwnFiles => new()
    {
        {
            "tabs, CRLF, @string, comments",
            "% My library, kept by hand\r\n@string{ijrf = {Int. J. Research Files}}\r\n\r\n@article{doe2021,\r\n\tauthor\t= {Doe, Jane},\r\n\tjournal\t= ijrf,\r\n\tyear\t= 2021,\r\n\tdoi\t= {10.1000/test}\r\n}\r\n@comment{ nothing to see @here }\r\n"
        },
        {
            "aligned, trailing comma",
            "@article{doe2021,\n  author  = {Doe, Jane},\n  journal = {J. Tests},\n  doi     = {10.1000/test},\n}\n"
        },
        {
            "quotes and a macro joined by #",
            "@string{j = \"Journal\"}\n@article{doe2021,\n    author = \"Doe, Jane\",\n    journal = j # \" of Tests\",\n    year = \"2021\"\n}\n"
        },
        {
            "one line, parentheses, no key",
            "@article(doe2021, author = {Doe, Jane}, year = 2021)\n@article { doi = {10.1000/test} }\n"
        },
        {
            "preamble and junk between entries",
            "@preamble{\"\\newcommand{\\noop}[1]{}\"}\nsome text with an e-mail x@y.org\n@misc{m,\n  title = {Known},\n}\n"
        },
    };

    [Theory]
    [MemberData(nameof(OwnFiles))]
    public async Task Only_insertions_are_made_and_the_result_reads_with_the_added_fields(string why, string input)
    {
        var update = await UpdateAsync(input);

        Insertions.OnlyInserted(input, update.Text).ShouldBeTrue(why + "\n" + update.Text);
        update.FieldsAdded.ShouldBeGreaterThan(0, why);
        var reread = await BibTex.ReadAsync(update.Text);
        reread.ShouldAllBe(r => !r.IsError, why + "\n" + update.Text);
        reread.Count.ShouldBe((await BibTex.ReadAsync(input)).Count, why);
        reread.ShouldAllBe(r => r.Reference!.Get("volume") == "12" && r.Reference.Get("page") == "101-119", why + "\n" + update.Text);
    }

    [Fact]
    public async Task Added_fields_follow_the_entrys_tabs_and_CRLF()
    {
        var input = "@article{k,\r\n\tauthor\t= {Doe, Jane},\r\n\tyear\t= 2021\r\n}\r\n";

        var update = await UpdateAsync(input);

        update.Text.ShouldContain("\tyear\t= 2021,\r\n\ttitle\t= {");
        update.Text.ShouldContain("},\r\n\tvolume\t= {12},\r\n\tnumber\t= {3},\r\n\tpages\t= {101--119},\r\n\tdoi\t= {10.1000/test}\r\n}\r\n");
        update.Text.Replace("\r\n", "", StringComparison.Ordinal).ShouldNotContain("\n");
    }

    [Fact]
    public async Task Added_fields_line_their_equals_signs_up_with_an_aligned_entry()
    {
        var input = "@article{k,\n  author  = {Doe, Jane},\n  journal = {J},\n  year    = 2021,\n}\n";

        var update = await UpdateAsync(input);

        update.Text.ShouldContain("\n  volume  = {12},\n  number  = {3},\n  pages   = {101--119},\n  doi     = {10.1000/test},\n}");
    }

    [Fact]
    public async Task Added_fields_are_quoted_in_an_entry_that_quotes()
    {
        var update = await UpdateAsync("@article{k,\n  author = \"Doe, Jane\",\n  year = \"2021\"\n}\n");

        update.Text.ShouldContain("  volume = \"12\"");
    }

    [Fact]
    public async Task A_title_from_Crossref_keeps_acronyms_inner_capitals_and_proper_nouns_in_braces()
    {
        var update = await UpdateAsync(
            "@article{k,\n  author = {Doe, Jane},\n  year = 2021\n}\n",
            _ => Crossref(title: "Tracing COVID-19 with DNA probes in SiGe sensors near Paris"));

        update.Text.ShouldContain("title = {Tracing {COVID-19} with {DNA} probes in {SiGe} sensors near {Paris}}");
    }

    [Theory]
    [InlineData("Tracing COVID-19 with DNA probes", "Tracing <span class=\"nocase\">COVID-19</span> with <span class=\"nocase\">DNA</span> probes")]
    [InlineData("The Mechanics of Solids in Europe", "The Mechanics of Solids in Europe")]
    [InlineData("Protein folding in Escherichia coli: A review", "Protein folding in <span class=\"nocase\">Escherichia</span> coli: A review")]
    [InlineData("mRNA vaccines", "<span class=\"nocase\">mRNA</span> vaccines")]
    public void Title_protection_marks_what_a_style_must_not_lowercase(string title, string expected)
    {
        TitleProtection.Protect(title).ShouldBe(expected);
    }

    [Fact]
    public async Task A_field_that_disagrees_is_kept_and_reported_with_both_values()
    {
        var input = "@article{doe2021,\n  author = {Doe, Jane},\n  year = 2020,\n  volume = {12},\n  pages = {101--119},\n}\n";

        var update = await UpdateAsync(input);

        update.Text.ShouldContain("year = 2020,");
        update.Text.ShouldNotContain("year = {2021}");
        update.Disagreements.ShouldBe([new FieldDisagreement("doe2021", "year", "2020", "{2021}")]);
    }

    [Fact]
    public async Task An_entry_Crossref_does_not_know_is_left_as_it_is()
    {
        const string Input = "@article{a,\n  year = 2021\n}\n@article{b,\n  year = 2021\n}\n";

        var records = await BibTex.ReadAsync(Input);
        var onlyB = BibTexUpdater.Update(Input, new Dictionary<(int, int), (Reference, Reference)> { [(records[1].Line, records[1].Column)] = (records[1].Reference!, Crossref()) });

        onlyB.Text.ShouldStartWith("@article{a,\n  year = 2021\n}\n@article{b,\n  year = 2021,\n");
    }

    [SharedDataTheory]
    [InlineData("seed-khalili2016.bib")]
    [InlineData("biblatex-examples.bib")]
    public async Task The_corpus_files_survive_as_a_subsequence_of_their_update(string file)
    {
        var input = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(SharedData.BibTex(file)));
        if (input.StartsWith('\uFEFF'))
        {
            input = input[1..];
        }

        var update = await UpdateAsync(input);

        Insertions.OnlyInserted(input, update.Text).ShouldBeTrue();
        update.FieldsAdded.ShouldBeGreaterThan(file == "seed-khalili2016.bib" ? -1 : 100);
        var before = await BibTex.ReadAsync(input);
        var after = await BibTex.ReadAsync(update.Text);
        after.Select(r => (r.Key, r.IsError)).ShouldBe(before.Select(r => (r.Key, r.IsError)));
        after.Where(r => !r.IsError).ShouldAllBe(r => r.Reference!.Get("volume") != null);
    }
}

using System.Collections.Immutable;
using Enrichment.Core.Formats;
using Enrichment.Core.Records;
using Enrichment.Testing;

namespace Enrichment.Core.Tests.Formats.BibTex;

/// <summary>The real files in ../shared/corpus/bibtex: they parse without errors, lose no field, and round-trip.</summary>
public sealed class BibTexCorpusTests
{
    // Where each of the seed's fields must land.
    private static readonly (string Field, Func<Reference, bool> Present)[] SeedFields =
    [
        ("author", r => r.Authors.Single() == new PersonName { Family = "Khalili", Given = "Mohsen" }),
        ("title", r => r.Title == "Conflict of Electronic Democracy with Electronic Government"),
        ("journal", r => r.Get("container-title") == "State Studies"),
        ("volume", r => r.Get("volume") == "1"),
        ("number", r => r.Get("issue") == "3"),
        ("pages", r => r.Get("page") == "1-32"),
        ("year", r => r.Year == 2016),
        ("publisher", r => r.Get("publisher") == "Allameh Tabataba’i University"),
        ("issn", r => r.Get("ISSN") == "2476-2806"),
        ("eissn", r => r.Custom["eissn"] == "2476-6828"),
        ("doi", r => r.DoiText == "10.22054/tssq.2016.2451"),
        ("abstract", r => r.Get("abstract")!.StartsWith("Purpose: The aim", StringComparison.Ordinal) && r.Get("abstract")!.EndsWith("for durability.", StringComparison.Ordinal)),
        ("keywords", r => r.Get("keyword") == "State,Electronic Government,Democracy,Electronic Democracy"),
        ("title_fa", r => r.Custom["title_fa"] == "کشاکشِ دولت الکترونیک با دموکراسی الکترونیک"),
        ("abstract_fa", r => r.Custom["abstract_fa"].StartsWith("فضای مجازی", StringComparison.Ordinal)),
        ("keywords_fa", r => r.Custom["keywords_fa"] == "دولت,دولت الکترونیک,دموکراسی,دموکراسی الکترونیک"),
        ("url", r => r.Get("URL") == "https://tssq.atu.ac.ir/article_2451.html"),
        ("eprint", r => r.Custom["eprint"] == "https://tssq.atu.ac.ir/article_2451_e39c2cd53ea6afcb8148016efd32ecb1.pdf"),
    ];

    [SharedDataFact]
    public async Task The_seed_parses_with_a_generated_key_and_keeps_every_field()
    {
        await using var stream = File.OpenRead(SharedData.SeedBibTex);
        var record = (await BibTex.ReadAsync(stream)).ShouldHaveSingleItem();

        record.IsError.ShouldBeFalse();
        var reference = record.Reference!;
        reference.Id.ShouldBe("khalili2016");
        reference.Type.ShouldBe("article-journal");
        record.Diagnostics.ShouldHaveSingleItem().Severity.ShouldBe(DiagnosticSeverity.Warning);
        foreach (var (field, present) in SeedFields)
        {
            present(reference).ShouldBeTrue($"field '{field}' did not survive");
        }

        // Every field of the source is accounted for above: 18 fields, 18 checks.
        var source = await File.ReadAllTextAsync(SharedData.SeedBibTex);
        SeedFields.Length.ShouldBe(source.Split(" = {").Length - 1);
    }

    [SharedDataTheory]
    [InlineData("seed-khalili2016.bib", 1)]
    [InlineData("biblatex-examples.bib", 92)]
    [InlineData("cryptobib-abbrev0.bib", 0)]
    public async Task A_corpus_file_parses_with_no_error_and_round_trips(string file, int expected)
    {
        await using var stream = File.OpenRead(SharedData.BibTex(file));
        var records = await BibTex.ReadAsync(stream);

        records.Where(r => r.IsError).Select(r => r.Diagnostics[0].ToString()).ShouldBeEmpty();
        records.Count.ShouldBe(expected);
        var references = records.Select(r => r.Reference!).ToImmutableArray();

        var written = await BibTex.WriteAsync(references);
        var again = await BibTex.ReadAsync(written);

        again.Where(r => r.IsError).Select(r => r.Diagnostics[0].ToString()).ShouldBeEmpty();
        again.Select(r => r.Reference!).ToList().ShouldBe(references);
    }

    [SharedDataFact]
    public async Task Biblatex_examples_decode_names_macros_and_protected_words()
    {
        await using var stream = File.OpenRead(SharedData.BibTex("biblatex-examples.bib"));
        var records = await BibTex.ReadAsync(stream);

        var aksin = records.Single(r => r.Key == "aksin").Reference!;
        aksin.Authors[0].ShouldBe(new PersonName { Family = "Aks\u0131n", Given = "\u00D6zge" });
        aksin.Authors[3].Family.ShouldBe("\u00C7etinkaya");
        aksin.Authors.Length.ShouldBe(7);
        aksin.Get("container-title").ShouldBe("J.\u00A0Organomet. Chem.");
        aksin.Title!.ShouldContain("saturated <span class=\"nocase\">Pd-N</span>-heterocyclic carbenes");
        aksin.Get("page").ShouldBe("3027-3036");
        aksin.Get("issue").ShouldBe("13");
        aksin.Year.ShouldBe(2006);
        aksin.Custom["indextitle"].ShouldBe("Effect of immobilization on catalytic characteristics");
    }

    [SharedDataFact]
    public async Task Biblatex_examples_keep_every_field_somewhere()
    {
        await using var stream = File.OpenRead(SharedData.BibTex("biblatex-examples.bib"));
        var records = (await BibTex.ReadAsync(stream)).ToDictionary(r => r.Key!, r => r.Reference!);

        // The file has one field per line: "  name = value"; read the names with plain string handling.
        var checkedFields = 0;
        string? key = null;
        foreach (var line in await File.ReadAllLinesAsync(SharedData.BibTex("biblatex-examples.bib")))
        {
            if (line.StartsWith('@') && !line.StartsWith("@string", StringComparison.Ordinal))
            {
                key = line[(line.IndexOf('{', StringComparison.Ordinal) + 1)..line.IndexOf(',', StringComparison.Ordinal)];
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (key is null || !line.StartsWith("  ", StringComparison.Ordinal) || line[2] == ' ' || equals < 0)
            {
                continue;
            }

            var field = line[..equals].Trim();
            Holds(records[key], field).ShouldBeTrue($"{key}: field '{field}' was lost");
            checkedFields++;
        }

        checkedFields.ShouldBeGreaterThan(900);
    }

    private static bool Holds(Reference reference, string field)
    {
        if (reference.Custom.ContainsKey(field))
        {
            return true;
        }

        return field switch
        {
            "year" or "month" or "date" => reference.Dates.ContainsKey("issued"),
            "doi" => reference.DoiText is not null,
            "pages" => reference.Variables.ContainsKey("page"),
            "number" => reference.Variables.ContainsKey("issue") || reference.Variables.ContainsKey("number") || reference.Variables.ContainsKey("collection-number"),
            _ when Core.Formats.BibTex.BibTexSchema.TextFields.TryGetValue(field, out var text) => reference.Variables.ContainsKey(text.Variable),
            _ when Core.Formats.BibTex.BibTexSchema.NameFields.TryGetValue(field, out var names) => reference.Names.ContainsKey(names),
            _ when Core.Formats.BibTex.BibTexSchema.DateFields.TryGetValue(field, out var date) => reference.Dates.ContainsKey(date),
            _ => false,
        };
    }
}

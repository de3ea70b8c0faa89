using System.Text.Json;
using Enrichment.Core.Crossref;
using Enrichment.Core.Formats.BibTex;
using Enrichment.Core.Formats.CslJson;
using Enrichment.Core.Formats.DoiList;
using Enrichment.Core.Formats.Ris;
using Enrichment.Core.Records;
using Enrichment.Testing;

namespace Enrichment.Core.Tests.Formats.RoundTrip;

public sealed class RoundTripTests
{
    // Hand-written: every tag this project maps, repeated tags, unknown tags, a wrapped title, a multi-line
    // abstract, a free-text date, a source type the writer would spell differently.
    private const string RisFixture = """
        TY  - EJOUR
        ID  - full1
        AU  - Khalili, Mohsen
        A1  - van der Berg, Jan, Jr.
        AU  - World Health Organization
        A2  - Editor, Ed
        A3  - Series, Sam
        A4  - Translator, Tia
        TI  - A title long enough
          to wrap
        ST  - A title
        T2  - Journal of Round Trips
        J2  - J. Round Trips
        T3  - Collection
        PY  - 2016
        DA  - 2016/03//Online first
        Y2  - 2024/01/15/
        VL  - 19
        IS  - 71
        SP  - 7
        EP  - 32
        ET  - 2nd
        NV  - 3
        SE  - Letters
        SN  - 1735-0727
        SN  - 2476-6828
        DO  - 10.22054/tssq.2016.2451
        UR  - https://example.org/a
        UR  - https://example.org/b
        PB  - Publisher
        CY  - Tehran
        AB  - First paragraph.
        Second paragraph.
        N2  - A second abstract.
        Its second line.
        KW  - democracy
        KW  - e-government
        LA  - fa
        N1  - Note one.
        N1  - Note two.
        CN  - QA76
        AN  - 12345
        DB  - Archive
        DP  - Catalog
        M3  - Journal Article
        L1  - file:///a.pdf
        L1  - file:///b.pdf
        ER  - 

        TY  - BOOK
        AU  - Plato,
        TI  - Republic
        PY  - n.d.
        SN  - 978-3-16-148410-0
        ER  - 

        TY  - CHAP
        ID  - chapter1
        TI  - Chapter
        PY  - 1999
        DA  - 1999///Spring
        SP  - e1002
        KW  - Smith, John
        KW  - history
        ER  - 
        """;

    private static readonly Reference CslFixture = new Reference { Id = "csl1", Type = "paper-conference" }
        .With("title", "Proceedings paper")
        .With("container-title", "Proceedings")
        .With("page", "101–110")
        .With("DOI", "10.1000/xyz")
        .With("ISBN", "0-306-40615-2")
        .With("keyword", "alpha, beta")
        .With("abstract", "One.\nTwo.")
        .With("PMID", "12345")
        .WithNames("author",
        [
            new PersonName { Family = "Beethoven", Given = "Ludwig", DroppingParticle = "van" },
            new PersonName { Family = "Smith", Given = "Ann", Orcid = "https://orcid.org/0000-0002-1825-0097", Affiliations = ["Uni"] },
            new PersonName { Family = "Onlyfamily" },
            PersonName.Others,
        ])
        .WithNames("director", [new PersonName { Family = "Film", Given = "Fay" }])
        .WithDate("issued", new DateValue { Parts = [new DatePart(2020, 6, 1), new DatePart(2020, 6, 5)] })
        .WithDate("accessed", DateValue.FromParts(2024, 2))
        .WithDate("original-date", DateValue.FromParts(1900))
        .WithCustom("title_fa", "عنوان")
        .WithCustom("ris:M3", "Conference Paper");

    [Fact]
    public async Task RIS_to_record_to_RIS_to_record_is_stable()
    {
        var first = await ReadRisAsync(RisFixture);

        var second = await FormatsTestIo.RoundTripAsync(new RisWriter(), new RisReader(), [.. first]);

        second.ShouldBe(first);
        first.Count.ShouldBe(3);
        first[0].Custom["ris:TY"].ShouldBe("EJOUR");
        first[0].Get("abstract").ShouldBe("First paragraph.\nSecond paragraph.");
        first[0].Custom["ris:N2"].ShouldBe("A second abstract.\nIts second line.");
        first[0].GetDate("issued")!.Raw.ShouldBe("2016/03//Online first");
        first[2].Get("keyword").ShouldBe("Smith, John; history");
    }

    [Fact]
    public async Task Every_RIS_type_survives_RIS_to_record_to_RIS_to_record()
    {
        var text = string.Join("\n", RisTypes.RisTypeNames.Select(t => $"TY  - {t}\nID  - {t}\nTI  - T\nER  - \n"));
        var first = await ReadRisAsync(text);

        var second = await FormatsTestIo.RoundTripAsync(new RisWriter(), new RisReader(), [.. first]);

        second.ShouldBe(first);
        var written = await FormatsTestIo.WriteAsync(new RisWriter(), [.. first]);
        foreach (var type in RisTypes.RisTypeNames)
        {
            written.ShouldContain($"TY  - {type}\r\nID  - {type}\r\n");
        }
    }

    [Fact]
    public async Task CSL_JSON_to_record_to_CSL_JSON_to_record_is_stable()
    {
        var second = await FormatsTestIo.RoundTripAsync(new CslJsonWriter(), new CslJsonReader(), CslFixture);

        second.ShouldBe([CslFixture]);
    }

    [Fact]
    public async Task Records_read_from_RIS_survive_CSL_JSON_whole()
    {
        var fromRis = await ReadRisAsync(RisFixture);

        var back = await FormatsTestIo.RoundTripAsync(new CslJsonWriter(indented: true), new CslJsonReader(), [.. fromRis]);

        back.ShouldBe(fromRis);
    }

    [Fact]
    public async Task CSL_JSON_through_RIS_keeps_every_field_RIS_carries()
    {
        var back = await FormatsTestIo.RoundTripAsync(new RisWriter(), new RisReader(), CslFixture);

        var read = back.ShouldHaveSingleItem();
        RisCarried.Normalised(read).ShouldBe(RisCarried.Of(CslFixture));
        read.Get("page").ShouldBe("101–110");
        read.Authors[0].ShouldBe(new PersonName { Family = "Beethoven", Given = "Ludwig van" });
        read.Authors[2].ShouldBe(new PersonName { Family = "Onlyfamily" });
        read.GetDate("issued").ShouldBe(DateValue.FromParts(2020, 6, 1));
    }

    [Fact]
    public async Task A_DOI_list_survives_RIS_and_CSL_JSON()
    {
        var fromList = (await FormatsTestIo.ReadAsync(new DoiListReader(), "doi,title\nhttps://doi.org/10.1000/ABC,T\n")).Only();

        (await FormatsTestIo.RoundTripAsync(new CslJsonWriter(), new CslJsonReader(), fromList)).ShouldBe([fromList]);
        var viaRis = (await FormatsTestIo.RoundTripAsync(new RisWriter(), new RisReader(), fromList)).ShouldHaveSingleItem();
        viaRis.ShouldBe(RisCarried.Of(fromList));
        viaRis.Type.ShouldBe("article");
        viaRis.DoiText.ShouldBe("10.1000/abc");
        (await FormatsTestIo.RoundTripAsync(new DoiListWriter(), new DoiListReader(), viaRis)).ShouldHaveSingleItem().Id.ShouldBe("10.1000/abc");
    }

    public static TheoryData<string> CrossrefWorkFiles()
    {
        var data = new TheoryData<string>();
        if (SharedData.Available)
        {
            foreach (var file in Directory.EnumerateFiles(SharedData.CrossrefWorks, "*.json").Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetFileName(file));
            }
        }
        else
        {
            data.Add("(none)");
        }

        return data;
    }

    [SharedDataTheory]
    [MemberData(nameof(CrossrefWorkFiles))]
    public async Task A_Crossref_work_survives_CSL_JSON_whole_and_RIS_for_what_RIS_carries(string fileName)
    {
        var reference = MapCrossrefWork(Path.Combine(SharedData.CrossrefWorks, fileName));

        (await FormatsTestIo.RoundTripAsync(new CslJsonWriter(), new CslJsonReader(), reference)).ShouldBe([reference]);
        var viaRis = (await FormatsTestIo.RoundTripAsync(new RisWriter(), new RisReader(), reference)).ShouldHaveSingleItem();
        RisCarried.Normalised(viaRis).ShouldBe(RisCarried.Of(reference));
    }

    [SharedDataFact]
    public async Task The_whole_Crossref_corpus_survives_one_CSL_JSON_file_and_one_RIS_file()
    {
        var references = Directory.EnumerateFiles(SharedData.CrossrefWorks, "*.json").Order(StringComparer.Ordinal).Select(MapCrossrefWork).ToArray();

        var viaJson = await FormatsTestIo.RoundTripAsync(new CslJsonWriter(), new CslJsonReader(), references);
        var viaRis = await FormatsTestIo.RoundTripAsync(new RisWriter(), new RisReader(), references);

        references.Length.ShouldBe(243);
        viaJson.ShouldBe(references);
        ShouldBeSame(viaRis.Select(RisCarried.Normalised), references.Select(RisCarried.Of));
    }

    [SharedDataTheory]
    [InlineData("seed-khalili2016.bib")]
    [InlineData("biblatex-examples.bib")]
    public async Task BibTeX_records_survive_CSL_JSON_whole_and_RIS_for_what_RIS_carries(string fileName)
    {
        var records = await FormatsTestIo.ReadFileAsync(new BibTexReader(), SharedData.BibTex(fileName));
        var references = records.Where(r => !r.IsError).Select(r => r.Reference!).ToArray();
        references.ShouldNotBeEmpty();

        var viaJson = await FormatsTestIo.RoundTripAsync(new CslJsonWriter(), new CslJsonReader(), references);
        var viaRis = await FormatsTestIo.RoundTripAsync(new RisWriter(), new RisReader(), references);

        viaJson.ShouldBe(references);
        ShouldBeSame(viaRis.Select(RisCarried.Normalised), references.Select(RisCarried.Of));
    }

    [SharedDataFact]
    public async Task The_seed_record_keeps_its_Persian_fields_and_DOI_through_CSL_JSON()
    {
        var seed = (await FormatsTestIo.ReadFileAsync(new BibTexReader(), SharedData.SeedBibTex)).Only();

        var back = (await FormatsTestIo.RoundTripAsync(new CslJsonWriter(), new CslJsonReader(), seed)).ShouldHaveSingleItem();

        back.Custom["title_fa"].ShouldBe("کشاکشِ دولت الکترونیک با دموکراسی الکترونیک");
        back.DoiText.ShouldBe("10.22054/tssq.2016.2451");
        back.ShouldBe(seed);
    }

    /// <summary>Compares records one by one as CSL-JSON first, so a failure shows which field differs.</summary>
    private static void ShouldBeSame(IEnumerable<Reference> actual, IEnumerable<Reference> expected)
    {
        var actualList = actual.ToList();
        var expectedList = expected.ToList();
        actualList.Count.ShouldBe(expectedList.Count);
        for (var i = 0; i < actualList.Count; i++)
        {
            CslJsonConvert.Serialize(actualList[i], indented: true).ShouldBe(CslJsonConvert.Serialize(expectedList[i], indented: true));
            actualList[i].ShouldBe(expectedList[i]);
        }
    }

    private static async Task<List<Reference>> ReadRisAsync(string text)
    {
        var records = await FormatsTestIo.ReadAsync(new RisReader(), text);
        records.ShouldAllBe(r => !r.IsError);
        return [.. records.Select(r => r.Reference!)];
    }

    private static Reference MapCrossrefWork(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return CrossrefWorkMapper.Map(document.RootElement.GetProperty("message"));
    }
}

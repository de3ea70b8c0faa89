using System.Text.Json;
using Enrichment.Core.Citations;
using Enrichment.Core.Crossref;
using Enrichment.Core.Enrichment;
using Enrichment.Core.Formats.BibTex;
using Enrichment.Core.Formats.CslJson;
using Enrichment.Core.Formats.Ris;
using Enrichment.Core.Records;
using Enrichment.Core.Tests.Formats;
using Microsoft.Extensions.Options;

namespace Enrichment.Core.Tests.Records;

/// <summary>Retractions, corrections and expressions of concern: from Crossref's answer to the record, its citations and its exports.</summary>
public sealed class WorkUpdatesTests
{
    /// <summary>A retracted work as Crossref answers it since it carries Retraction Watch's data (shape of <c>/works/{doi}</c>'s message).</summary>
    private const string RetractedWork = """
        {"DOI":"10.5555/Retracted.1","type":"journal-article","title":["A finding that did not hold"],
         "author":[{"given":"Ann","family":"Ash","sequence":"first","affiliation":[]}],"issued":{"date-parts":[[2019,3]]},
         "container-title":["Journal of Tests"],
         "updated-by":[
           {"DOI":"10.5555/correction.1","type":"correction","label":"Correction","source":"publisher",
            "updated":{"date-parts":[[2019,6,2]],"date-time":"2019-06-02T00:00:00Z","timestamp":1559433600000}},
           {"DOI":"10.5555/NOTICE.1","type":"retraction","label":"Retraction","source":"retraction-watch",
            "updated":{"date-parts":[[2021,1,15]]},"record-id":"40123"},
           {"DOI":"10.5555/notice.1","type":"retraction","label":"Retraction","source":"retraction-watch",
            "updated":{"date-parts":[[2021,1,15]]},"record-id":"40123"},
           {"DOI":"10.5555/notice.1","type":"retraction","label":"Retraction","source":"publisher","updated":{"date-parts":[[2021,1,14]]}},
           {"type":"retraction"}, {"DOI":"10.5555/no-type"}, "not an object"
         ]}
        """;

    private static Reference Map(string json)
    {
        using var document = JsonDocument.Parse(json);
        return CrossrefWorkMapper.Map(document.RootElement);
    }

    private static Reference WithUpdates(params string[] types) => new Reference { Id = "w", Type = "article-journal" }
        .With("title", "A work")
        .With("DOI", "10.5555/w")
        .WithNames("author", [new PersonName { Family = "Ash", Given = "Ann" }])
        .WithDate("issued", DateValue.FromParts(2019)) with
    {
        Updates = [.. types.Select((t, i) => new WorkUpdate { Type = t, Doi = $"10.5555/notice.{i}", Date = new DatePart(2021, 1, 15), Source = "publisher" })],
    };

    [Fact]
    public void Crossref_updated_by_becomes_the_records_updates_each_once_with_date_source_label_and_record_id()
    {
        var reference = Map(RetractedWork);

        reference.Updates.ShouldBe(
        [
            new WorkUpdate { Type = "correction", Doi = "10.5555/correction.1", Date = new DatePart(2019, 6, 2), Source = "publisher", Label = "Correction" },
            new WorkUpdate { Type = "retraction", Doi = "10.5555/notice.1", Date = new DatePart(2021, 1, 15), Source = "retraction-watch", Label = "Retraction", RecordId = "40123" },
            new WorkUpdate { Type = "retraction", Doi = "10.5555/notice.1", Date = new DatePart(2021, 1, 14), Source = "publisher", Label = "Retraction" },
        ]);
        reference.UpdateTo.ShouldBeEmpty();
        WorkUpdates.IsRetracted(reference).ShouldBeTrue();
    }

    [Fact]
    public void A_notices_update_to_is_kept_and_does_not_make_the_notice_retracted()
    {
        var notice = Map("""
            {"DOI":"10.5555/notice.1","type":"journal-article","title":["Retraction notice"],
             "update-to":[{"DOI":"10.5555/retracted.1","type":"Retraction","label":"Retraction","source":"publisher",
                           "updated":{"date-parts":[[2021,1,14]]},"record-id":40123}]}
            """);

        notice.UpdateTo.ShouldHaveSingleItem().ShouldBe(new WorkUpdate
        {
            Type = "retraction", Doi = "10.5555/retracted.1", Date = new DatePart(2021, 1, 14), Source = "publisher", Label = "Retraction", RecordId = "40123",
        });
        notice.Updates.ShouldBeEmpty();
        WorkUpdates.IsRetracted(notice).ShouldBeFalse();
        WorkUpdates.Warning(notice).ShouldBeNull();
    }

    [Fact]
    public void A_hostile_update_list_is_read_only_up_to_its_limit()
    {
        var entries = string.Join(',', Enumerable.Range(0, 5000).Select(i => $$"""{"DOI":"10.5555/n.{{i}}","type":"correction"}"""));
        var reference = Map($$"""{"DOI":"10.5555/w","type":"journal-article","updated-by":[{{entries}}]}""");

        reference.Updates.Length.ShouldBe(WorkUpdates.MaxPerList);
    }

    [Theory]
    [InlineData(new[] { "retraction" }, "RETRACTED", true)]
    [InlineData(new[] { "expression_of_concern", "retraction" }, "RETRACTED", true)]
    [InlineData(new[] { "withdrawal" }, "WITHDRAWN", false)]
    [InlineData(new[] { "removal" }, "REMOVED", false)]
    [InlineData(new[] { "partial_retraction" }, "PARTIALLY RETRACTED", false)]
    [InlineData(new[] { "expression_of_concern", "correction" }, "EXPRESSION OF CONCERN", false)]
    [InlineData(new[] { "correction", "erratum" }, null, false)]
    [InlineData(new string[0], null, false)]
    public void Each_kind_of_update_has_its_own_words_and_only_a_retraction_retracts(string[] types, string? warning, bool retracted)
    {
        var reference = WithUpdates(types);

        WorkUpdates.Warning(reference).ShouldBe(warning);
        WorkUpdates.IsRetracted(reference).ShouldBe(retracted);
    }

    [Fact]
    public void Updates_survive_the_stored_CSL_JSON()
    {
        var reference = Map(RetractedWork);

        var json = CslJsonConvert.Serialize(reference);
        var again = CslJsonConvert.Deserialize(json);

        again.ShouldBe(reference);
        using var document = JsonDocument.Parse(json);
        var first = document.RootElement.GetProperty("updates")[1];
        first.GetProperty("type").GetString().ShouldBe("retraction");
        first.GetProperty("DOI").GetString().ShouldBe("10.5555/notice.1");
        first.GetProperty("date").GetString().ShouldBe("2021-01-15");
        first.GetProperty("source").GetString().ShouldBe("retraction-watch");
        first.GetProperty("label").GetString().ShouldBe("Retraction");
        first.GetProperty("record-id").GetString().ShouldBe("40123");
    }

    [Theory]
    [InlineData("""{"id":"x","updates":[{"type":"retraction"}]}""", "$.updates[0]")]
    [InlineData("""{"id":"x","updates":["retracted"]}""", "$.updates[0]")]
    [InlineData("""{"id":"x","updates":[{"type":"retraction","DOI":"10.1/x","date":"January"}]}""", "$.updates[0].date")]
    public void A_malformed_update_list_in_CSL_JSON_is_an_error_naming_where(string json, string path) =>
        Should.Throw<FormatException>(() => CslJsonConvert.Deserialize(json)).Message.ShouldStartWith(path);

    [Fact]
    public void The_merge_keeps_Crossrefs_updates_and_says_where_they_came_from()
    {
        var source = new Reference { Id = "k" }.With("DOI", "10.5555/retracted.1").With("title", "A finding that did not hold");

        var enriched = ReferenceMerger.Merge(source, Map(RetractedWork));

        enriched.Merged.Updates.Length.ShouldBe(3);
        WorkUpdates.IsRetracted(enriched.Merged).ShouldBeTrue();
        enriched.FieldProvenance["updates"].ShouldBe(Provenance.Crossref);
        enriched.FieldProvenance.ContainsKey("update-to").ShouldBeFalse();
    }

    [Theory]
    [InlineData(CitationOutput.Text, "RETRACTED: Ash")]
    [InlineData(CitationOutput.Html, "<strong>RETRACTED:</strong> Ash")]
    public async Task A_retracted_works_citation_starts_with_the_warning(CitationOutput output, string start)
    {
        var apa = await new CslCitationFormatter(Options.Create(new StyleOptions())).GetStyleAsync("apa", StyleOrigin.Operator);
        var retracted = Map(RetractedWork);

        var citation = apa.FormatEntry(retracted, output);

        citation.ShouldStartWith(start);
        citation.ShouldEndWith(apa.FormatEntry(retracted with { Updates = [] }, output));
    }

    [Theory]
    [InlineData("withdrawal", "WITHDRAWN: ")]
    [InlineData("expression_of_concern", "EXPRESSION OF CONCERN: ")]
    [InlineData("correction", "Ash")]
    public async Task Withdrawals_and_concerns_have_their_own_words_and_a_correction_none(string type, string start)
    {
        var apa = await new CslCitationFormatter(Options.Create(new StyleOptions())).GetStyleAsync("apa", StyleOrigin.Operator);

        apa.FormatEntry(WithUpdates(type)).ShouldStartWith(start);
    }

    [Fact]
    public async Task The_BibTeX_export_says_so_in_the_note_once_however_often_it_is_read_and_written()
    {
        var retracted = Map(RetractedWork).With("note", "Cited in chapter 2");

        var bibtex = await FormatsTestIo.WriteAsync(new BibTexWriter(), retracted);
        var read = (await FormatsTestIo.ReadAsync(new BibTexReader(), bibtex)).Only();
        var again = await FormatsTestIo.WriteAsync(new BibTexWriter(), read with { Updates = retracted.Updates });

        var note = read.Get("note");
        note.ShouldNotBeNull();
        note.ShouldStartWith("Cited in chapter 2. RETRACTED. Correction: https://doi.org/10.5555/correction.1 (2019-06-02, publisher); Retraction: https://doi.org/10.5555/notice.1 (2021-01-15, Retraction Watch record 40123)");
        (await FormatsTestIo.ReadAsync(new BibTexReader(), again)).Only().Get("note").ShouldBe(note);
    }

    [Fact]
    public async Task The_RIS_export_says_so_in_an_N1_of_its_own()
    {
        var withdrawn = WithUpdates("withdrawal");

        var ris = await FormatsTestIo.WriteAsync(new RisWriter(), withdrawn);

        ris.ShouldContain("N1  - WITHDRAWN. Withdrawal: https://doi.org/10.5555/notice.0 (2021-01-15, publisher)\r\n");
        (await FormatsTestIo.WriteAsync(new RisWriter(), WithUpdates())).ShouldNotContain("N1  -");
    }

    [Fact]
    public void A_new_version_registered_under_the_works_own_DOI_adds_no_note()
    {
        var reference = WithUpdates() with { Updates = [new WorkUpdate { Type = "new_version", Doi = "10.5555/w", Source = "publisher" }] };

        WorkUpdates.Note(reference).ShouldBeNull();
        WorkUpdates.Warning(reference).ShouldBeNull();
    }
}

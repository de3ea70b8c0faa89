using System.Text;
using System.Text.Json;
using Enrichment.Pipeline.Api;
using Enrichment.Pipeline.Messages;
using Enrichment.Pipeline.Stages;
using Enrichment.Pipeline.Storage;
using Enrichment.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Enrichment.Pipeline.Tests.Stages;

/// <summary>
/// Works that Crossref marks as retracted, withdrawn, in doubt or corrected, through Enrich and Format on Azurite
/// and the fake Crossref over HTTP: the Retracted column, the API's filter and items, the citations and the exports.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class UpdatesThroughStagesTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const int Plain = 7;

    /// <summary>The DOIs of the run's records, in file order.</summary>
    private static readonly string[] Dois =
    [
        UpdatedWorks.RetractedDoi, UpdatedWorks.NoticeDoi, UpdatedWorks.WithdrawnDoi, UpdatedWorks.ConcernDoi, UpdatedWorks.CorrectedDoi,
        GeneratedWorks.Doi(Plain),
    ];

    private FakeCrossref _crossref = null!;
    private ServiceProvider _services = null!;
    private RecordRun _run = null!;

    public async Task InitializeAsync()
    {
        _crossref = await FakeCrossref.StartAsync();
        foreach (var work in UpdatedWorks.All)
        {
            _crossref.AddWork(work);
        }

        _crossref.AddWork(GeneratedWorks.Response(Plain));
        _services = await PipelineServices.StartAsync(
            azurite.ConnectionString, true, ("Crossref:BaseUrl", _crossref.BaseUrl), ("Crossref:MaxRetries", "0"), ("Enrichment:Styles", "apa"));

        var uploadId = UploadIds.For("updates.bib", Guid.NewGuid().ToString());
        var rows = Dois.Select((doi, i) => new RecordRow
        {
            UploadId = uploadId,
            RecordId = RecordIds.For(i),
            SourceJson = $$"""{"id":"r{{i}}","type":"article-journal","DOI":"{{doi}}"}""",
        });
        await Records.UpsertBatchAsync([.. rows]);
        await _services.GetRequiredService<UploadStore>().UpsertAsync(new UploadRow { UploadId = uploadId, BlobName = "updates.bib", Total = Dois.Length, ParsedAt = DateTimeOffset.UtcNow });
        _run = new RecordRun(uploadId, RecordIds.For(0), Dois.Length);
        await _services.GetRequiredService<EnrichStage>().RunAsync(_run);
        await _services.GetRequiredService<FormatStage>().RunAsync(_run);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _crossref.DisposeAsync();
    }

    private RecordStore Records => _services.GetRequiredService<RecordStore>();

    [Fact]
    public async Task Only_the_retracted_work_has_the_Retracted_column_set()
    {
        var rows = await _run.ReadAsync(Records);

        rows.ShouldAllBe(r => r.Status == RecordStatus.Enriched && r.Stage == RecordStage.Done);
        rows.Select(r => (r.Doi, r.Retracted)).ShouldBe(Dois.Select(d => ((string?)d, d == UpdatedWorks.RetractedDoi)));
    }

    [Fact]
    public async Task Citations_carry_the_warning_each_update_calls_for()
    {
        var rows = await _run.ReadAsync(Records);
        var citations = rows.ToDictionary(r => r.Doi!, r => r.Citations["apa"]);

        citations[UpdatedWorks.RetractedDoi].ShouldStartWith("RETRACTED: Ash, A.");
        citations[UpdatedWorks.WithdrawnDoi].ShouldStartWith("WITHDRAWN: Ash, A.");
        citations[UpdatedWorks.ConcernDoi].ShouldStartWith("EXPRESSION OF CONCERN: Ash, A.");
        citations[UpdatedWorks.NoticeDoi].ShouldStartWith("Ash, A.");
        citations[UpdatedWorks.CorrectedDoi].ShouldStartWith("Ash, A.");
        citations[GeneratedWorks.Doi(Plain)].ShouldStartWith($"Tester{Plain}, A.");
    }

    [Fact]
    public async Task The_listing_filtered_on_retracted_holds_the_retracted_work_alone_with_its_notices()
    {
        var uploads = _services.GetRequiredService<UploadsApi>();

        using var retracted = JsonDocument.Parse((await uploads.ListRecordsAsync(_run.UploadId, new RecordListQuery(Retracted: true))).Body);
        using var others = JsonDocument.Parse((await uploads.ListRecordsAsync(_run.UploadId, new RecordListQuery(Retracted: false))).Body);

        var item = retracted.RootElement.GetProperty("items").EnumerateArray().ShouldHaveSingleItem();
        item.GetProperty("doi").GetString().ShouldBe(UpdatedWorks.RetractedDoi);
        item.GetProperty("retracted").GetBoolean().ShouldBeTrue();
        var updates = item.GetProperty("enriched").GetProperty("updates");
        updates.EnumerateArray().Select(u => (u.GetProperty("type").GetString(), u.GetProperty("DOI").GetString(), u.GetProperty("source").GetString()))
            .ShouldBe([
                ("correction", UpdatedWorks.CorrectionDoi, "publisher"),
                ("retraction", UpdatedWorks.NoticeDoi, "publisher"),
                ("retraction", UpdatedWorks.NoticeDoi, "retraction-watch"),
            ]);
        updates[2].GetProperty("date").GetString().ShouldBe("2021-01-15");
        updates[2].GetProperty("record-id").GetString().ShouldBe(UpdatedWorks.RetractionWatchRecord);
        others.RootElement.GetProperty("items").EnumerateArray().Select(i => (i.GetProperty("doi").GetString(), i.GetProperty("retracted").GetBoolean()))
            .ShouldBe(Dois.Skip(1).Select(d => ((string?)d, false)));
    }

    [Fact]
    public async Task The_notice_keeps_the_work_it_retracts()
    {
        var notice = (await _run.ReadAsync(Records))[1];

        using var enriched = JsonDocument.Parse(notice.EnrichedJson!);
        var updateTo = enriched.RootElement.GetProperty("update-to").EnumerateArray().ShouldHaveSingleItem();
        (updateTo.GetProperty("type").GetString(), updateTo.GetProperty("DOI").GetString()).ShouldBe(("retraction", UpdatedWorks.RetractedDoi));
    }

    [Theory]
    [InlineData("bibtex", "note = {RETRACTED. Correction: https://doi.org/10.5555/updates-test.correction-notice (2019-06-02, publisher); Retraction: https://doi.org/10.5555/updates-test.retraction-notice (2021-01-14, publisher); Retraction: https://doi.org/10.5555/updates-test.retraction-notice (2021-01-15, Retraction Watch record 40123)}")]
    [InlineData("ris", "N1  - WITHDRAWN. Withdrawal: https://doi.org/10.5555/updates-test.withdrawal-notice (2022-03-01, publisher)\r\n")]
    [InlineData("ris", "N1  - EXPRESSION OF CONCERN. Expression of concern: https://doi.org/10.5555/updates-test.concern-notice (2023-09-30, Retraction Watch record 51234)\r\n")]
    [InlineData("text", "RETRACTED: Ash, A.")]
    public async Task The_exports_say_so(string format, string expected)
    {
        var result = await _services.GetRequiredService<ExportApi>().ExportAsync(_run.UploadId, format, null);
        using var body = new MemoryStream();
        await result.WriteBodyAsync(body, CancellationToken.None);

        var text = Encoding.UTF8.GetString(body.ToArray());

        text.ShouldContain(expected);

        // One note each for the retracted, withdrawn, doubted and corrected works; none for the notice or the plain work.
        text.Split(format == "ris" ? "N1  - " : "RETRACTED").Length.ShouldBe(format == "ris" ? 5 : 2);
    }

    [Fact]
    public async Task A_lookup_shows_the_updates_and_says_retracted()
    {
        var result = await _services.GetRequiredService<WorksApi>().GetAsync(UpdatedWorks.RetractedDoi, null);

        using var json = JsonDocument.Parse(result.Body);
        json.RootElement.GetProperty("retracted").GetBoolean().ShouldBeTrue();
        json.RootElement.GetProperty("record").GetProperty("updates").GetArrayLength().ShouldBe(3);
        json.RootElement.GetProperty("citations").GetProperty("apa").GetString()!.ShouldStartWith("RETRACTED: ");
    }
}

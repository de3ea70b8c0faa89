using Enrichment.Pipeline.Messages;
using Enrichment.Pipeline.Stages;
using Enrichment.Pipeline.Storage;
using Enrichment.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Enrichment.Pipeline.Tests.Stages;

/// <summary>
/// Each stage's branches, called as the triggers call them, on Azurite and the fake Crossref over HTTP, with no
/// host: what a run writes and which messages it sends for each thing that can happen to its records.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class StageBranchTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private FakeCrossref _crossref = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _crossref = await FakeCrossref.StartAsync();
        for (var n = 0; n < 10; n++)
        {
            _crossref.AddWork(GeneratedWorks.Response(n));
        }

        _services = await PipelineServices.StartAsync(
            azurite.ConnectionString,
            true,
            ("Crossref:BaseUrl", _crossref.BaseUrl),
            ("Crossref:MaxRetries", "0"),
            ("Crossref:RecordRetryDelay", "00:00:00"),
            ("Enrichment:Styles", "apa,chicago-author-date"));
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _crossref.DisposeAsync();
    }

    private RecordStore Records => _services.GetRequiredService<RecordStore>();

    [Fact]
    public async Task Enrich_moves_found_records_on_to_Format_in_one_message()
    {
        var run = await RunOfAsync(Source(0), Source(1), Source(2));

        await _services.GetRequiredService<EnrichStage>().RunAsync(run);

        var rows = await run.ReadAsync(Records);
        rows.ShouldAllBe(r => r.Status == RecordStatus.Enriched && r.Stage == RecordStage.Format);
        (await PipelineServices.DrainAsync(azurite.ConnectionString, StorageNames.FormatQueue, run.UploadId)).ShouldBe([run]);
    }

    [Fact]
    public async Task Enrich_sends_one_delayed_message_for_a_run_when_Crossref_is_unavailable_for_all_of_it()
    {
        var run = await RunOfAsync(Source(3), Source(4));
        _crossref.RetryAfterSeconds = 0; // So the delayed message is visible at once; the base delay is 0 too.
        _crossref.Script(GeneratedWorks.Doi(3), FakeFault.ServiceUnavailable);
        _crossref.Script(GeneratedWorks.Doi(4), FakeFault.ServiceUnavailable);

        await _services.GetRequiredService<EnrichStage>().RunAsync(run);

        var waiting = (await PipelineServices.DrainAsync(azurite.ConnectionString, StorageNames.EnrichQueue, run.UploadId)).ShouldHaveSingleItem();
        (waiting.RecordId, waiting.Count, waiting.Attempt).ShouldBe((run.RecordId, 2, 1));
        waiting.UnavailableSince.ShouldNotBeNull();
        var rows = await run.ReadAsync(Records);
        rows.ShouldAllBe(r => r.Stage == RecordStage.Enrich && r.Status == RecordStatus.Parsed && r.Error!.Contains("attempt 1"));
        (await PipelineServices.DrainAsync(azurite.ConnectionString, StorageNames.FormatQueue, run.UploadId)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Enrich_fails_a_record_whose_Crossref_has_been_unavailable_past_the_time_budget_and_still_formats_it()
    {
        var run = await RunOfAsync(Source(5));
        _crossref.Script(GeneratedWorks.Doi(5), FakeFault.ServiceUnavailable);
        var longAgo = DateTimeOffset.UtcNow - TimeSpan.FromHours(7);

        await _services.GetRequiredService<EnrichStage>().RunAsync(run with { Attempt = 1, UnavailableSince = longAgo });

        var row = (await run.ReadAsync(Records)).ShouldHaveSingleItem();
        (row.Status, row.Stage, row.ErrorStage).ShouldBe((RecordStatus.Failed, RecordStage.Format, PipelineStage.Enrich));
        row.Error!.ShouldContain("Crossref unreachable for");
        (await PipelineServices.DrainAsync(azurite.ConnectionString, StorageNames.FormatQueue, run.UploadId)).ShouldHaveSingleItem();
        (await PipelineServices.DrainAsync(azurite.ConnectionString, StorageNames.EnrichQueue, run.UploadId)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Enrich_splits_off_a_record_that_throws_and_lets_the_rest_of_the_run_go_on()
    {
        var run = await RunOfAsync(Source(6), "{ not json", Source(7));

        await _services.GetRequiredService<EnrichStage>().RunAsync(run);

        var rows = await run.ReadAsync(Records);
        rows.Select(r => r.Stage).ShouldBe([RecordStage.Format, RecordStage.Enrich, RecordStage.Format]);
        rows[1].Error!.ShouldContain("JsonReaderException");
        rows[1].ErrorStage.ShouldBe(PipelineStage.Enrich);
        (await PipelineServices.DrainAsync(azurite.ConnectionString, StorageNames.EnrichQueue, run.UploadId)).ShouldBe([run.Single(rows[1].RecordId)]);
        (await PipelineServices.DrainAsync(azurite.ConnectionString, StorageNames.FormatQueue, run.UploadId)).ShouldBe([run]);
    }

    [Fact]
    public async Task A_run_delivered_more_often_than_allowed_is_given_up_before_anything_is_called()
    {
        var run = await RunOfAsync(Source(8));
        _crossref.ResetCounters();

        await _services.GetRequiredService<EnrichStage>().RunAsync(run, deliveries: 6);

        var row = (await run.ReadAsync(Records)).ShouldHaveSingleItem();
        (row.Status, row.Stage).ShouldBe((RecordStatus.Failed, RecordStage.Done));
        row.Error!.ShouldContain("every delivery");
        _crossref.TotalCalls.ShouldBe(0);
    }

    [Fact]
    public async Task Format_renders_every_style_under_its_own_name_and_completes_the_upload_with_its_last_record()
    {
        var run = await RunOfAsync(Source(0), Source(1));
        await _services.GetRequiredService<UploadStore>().UpsertAsync(new UploadRow { UploadId = run.UploadId, BlobName = "x.bib", Total = 2, ParsedAt = DateTimeOffset.UtcNow });
        await _services.GetRequiredService<EnrichStage>().RunAsync(run);

        await _services.GetRequiredService<FormatStage>().RunAsync(run);

        var rows = await run.ReadAsync(Records);
        rows.ShouldAllBe(r => r.Completed && r.Citations.ContainsKey("apa") && r.Citations.ContainsKey("chicago-author-date"));
        var upload = await _services.GetRequiredService<UploadStore>().GetAsync(run.UploadId);
        upload!.Status.ShouldBe(UploadStatus.Completed);
        upload.Counts!["enriched"].ShouldBe(2);
    }

    [Fact]
    public async Task Format_splits_off_a_record_that_throws()
    {
        var run = await RunOfAsync(Source(2), Source(3));
        var rows = await run.ReadAsync(Records);
        await Records.UpsertBatchAsync([rows[0] with { Stage = RecordStage.Format }, rows[1] with { Stage = RecordStage.Format, SourceJson = "{ broken" }]);

        await _services.GetRequiredService<FormatStage>().RunAsync(run);

        var after = await run.ReadAsync(Records);
        after.Select(r => r.Stage).ShouldBe([RecordStage.Done, RecordStage.Format]);
        after[1].ErrorStage.ShouldBe(PipelineStage.Format);
        (await PipelineServices.DrainAsync(azurite.ConnectionString, StorageNames.FormatQueue, run.UploadId)).ShouldBe([run.Single(after[1].RecordId)]);
    }

    [Fact]
    public async Task Recovery_fails_a_record_it_has_restarted_too_often_and_resends_one_it_has_not()
    {
        var run = await RunOfAsync(Source(4), Source(5));
        var rows = await run.ReadAsync(Records);
        await Records.UpsertBatchAsync([rows[0] with { Recoveries = 3 }, rows[1] with { Recoveries = 1 }]);
        var options = _services.GetRequiredService<Microsoft.Extensions.Options.IOptions<PipelineOptions>>().Value;
        options.StalledAfter = TimeSpan.FromSeconds(1);
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // The sweep looks at the table's own Timestamp, which only time moves.

        await _services.GetRequiredService<RecoveryStage>().RunAsync();

        var after = await run.ReadAsync(Records);
        (after[0].Status, after[0].Stage).ShouldBe((RecordStatus.Failed, RecordStage.Done));
        after[0].Error!.ShouldContain("Restarted 3 times");
        (after[1].Stage, after[1].Recoveries).ShouldBe((RecordStage.Enrich, 2));
        (await PipelineServices.DrainAsync(azurite.ConnectionString, StorageNames.EnrichQueue, run.UploadId)).ShouldBe([run.Single(after[1].RecordId)]);
    }

    private static string Source(int n) => $$"""{"id":"g{{n}}","type":"article-journal","DOI":"{{GeneratedWorks.Doi(n)}}"}""";

    /// <summary>Rows for a new upload, one per source JSON, and the run that names them all.</summary>
    private async Task<RecordRun> RunOfAsync(params string[] sources)
    {
        var uploadId = UploadIds.For("stages.bib", Guid.NewGuid().ToString());
        await Records.UpsertBatchAsync([.. sources.Select((json, i) => new RecordRow { UploadId = uploadId, RecordId = RecordIds.For(i), SourceJson = json })]);
        return new RecordRun(uploadId, RecordIds.For(0), sources.Length);
    }
}

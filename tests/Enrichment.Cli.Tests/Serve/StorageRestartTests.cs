using System.Text.Json;
using Azure.Data.Tables;
using Enrichment.Pipeline.Storage;
using Enrichment.Testing;

namespace Enrichment.Cli.Tests.Serve;

/// <summary>A serve host whose Azurite gets killed: recovery sweeps every second, a record is stalled after 5 s.</summary>
public sealed class RestartableServeFixture : ServeFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
    [
        new("Enrichment:StalledAfter", "00:00:05"),
        new("Enrichment:RecoveryInterval", "00:00:01"),
    ];
}

public sealed class StorageRestartTests(RestartableServeFixture serve) : IClassFixture<RestartableServeFixture>
{
    [Fact]
    public async Task Azurite_stopped_and_restarted_mid_upload_still_ends_every_record_once_in_a_final_status()
    {
        const int count = 200;
        serve.Crossref.Latency = TimeSpan.FromMilliseconds(30);
        var blob = serve.Uploads.GetBlobClient("restart.bib");
        var uploaded = await blob.UploadAsync(BinaryData.FromString(GeneratedWorks.BibTex(Enumerable.Range(0, count))), overwrite: true);
        var uploadId = UploadIds.For(blob.Name, uploaded.Value.ETag.ToString());

        // Let the pipeline get going, then take the storage away for a few seconds. (A SIGKILL makes Azurite
        // lose its last writes, containers included, and the WebJobs SDK then ends the process on purpose
        // when its lease container is gone; a stop is what real storage outages look like.)
        await ServeFixture.EventuallyAsync(async () => await CountDoneAsync(uploadId) >= 10 ? "started" : null, "the first records to finish");
        await serve.Azurite.StopAsync();
        await Task.Delay(TimeSpan.FromSeconds(3));
        await serve.Azurite.StartAsync();

        try
        {
            await ServeFixture.EventuallyAsync(
                async () => await CountDoneAsync(uploadId) == count ? "done" : null, $"all {count} records to finish after the restart", TimeSpan.FromSeconds(120));
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}; rows by stage/status: {await DescribeAsync(uploadId)}", ex);
        }

        var rows = new List<TableEntity>();
        await foreach (var row in serve.Records.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {uploadId}")))
        {
            rows.Add(row);
        }

        rows.Count.ShouldBe(count);
        rows.Select(r => r.GetString("Doi")).Distinct().Count().ShouldBe(count);
        rows.Where(r => r.GetString("Status") != "enriched")
            .Select(r => $"{r.RowKey} {r.GetString("Status")} {r.GetString("Error")}")
            .ShouldBeEmpty();
        using var summary = JsonDocument.Parse(await serve.Http.GetStringAsync($"/api/uploads/{uploadId}"));
        summary.RootElement.GetProperty("total").GetInt32().ShouldBe(count);
    }

    private async Task<string> DescribeAsync(string uploadId)
    {
        var groups = new Dictionary<string, int>();
        await foreach (var row in serve.Records.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {uploadId}")))
        {
            var key = $"{row.GetString("Stage")}/{row.GetString("Status")}";
            groups[key] = groups.GetValueOrDefault(key) + 1;
        }

        var upload = (await new TableClient(serve.Azurite.ConnectionString, "Uploads").GetEntityIfExistsAsync<TableEntity>(uploadId, "upload")).Value;
        return string.Join(", ", groups.Select(g => $"{g.Key}: {g.Value}")) + $"; upload row: {(upload is null ? "missing" : string.Join(" ", upload.Select(p => $"{p.Key}={p.Value}")))}";
    }

    private async Task<int?> CountDoneAsync(string uploadId)
    {
        try
        {
            var done = 0;
            await foreach (var _ in serve.Records.QueryAsync<TableEntity>(
                TableClient.CreateQueryFilter($"PartitionKey eq {uploadId} and Completed eq true"), select: ["RowKey"]))
            {
                done++;
            }

            return done;
        }
        catch (Azure.RequestFailedException)
        {
            return null;
        }
    }
}

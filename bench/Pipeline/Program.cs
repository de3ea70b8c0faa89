using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Enrichment.Cli.Hosting;
using Enrichment.Pipeline;
using Enrichment.Testing;

// Usage: dotnet run -c Release --project bench/Pipeline -- [--records 10000] [--distinct N] [--rate R] [--latency-ms 0] [--deadline-min 30]
// Runs one upload end to end through the local host (WebJobs triggers + minimal API) on a private Azurite, with the
// fake Crossref on 127.0.0.1, and prints records/s, where the time went, and (with --rate) the time against D / R.
var invariant = CultureInfo.InvariantCulture;
var records = Arg("--records", 10_000);
var distinct = Arg("--distinct", records);
var rate = Arg("--rate", 0);
var latencyMs = Arg("--latency-ms", 0);
var deadline = TimeSpan.FromMinutes(Arg("--deadline-min", 30));

var durations = new Dictionary<string, (double Sum, long Count)>();
using var listener = new MeterListener();
listener.InstrumentPublished = (instrument, l) =>
{
    if (instrument.Meter.Name == PipelineMetrics.MeterName && instrument.Name == "enrichment.stage.duration")
    {
        l.EnableMeasurementEvents(instrument);
    }
};
listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
{
    var part = tags.ToArray().FirstOrDefault(t => t.Key == "part").Value as string ?? "?";
    lock (durations)
    {
        var (sum, count) = durations.GetValueOrDefault(part);
        durations[part] = (sum + value, count + 1);
    }
});
listener.Start();

var azurite = new AzuriteFixture();
await azurite.InitializeAsync();
try
{
    await using var crossref = await FakeCrossref.StartAsync();
    crossref.Latency = TimeSpan.FromMilliseconds(latencyMs);
    for (var i = 0; i < distinct; i++)
    {
        crossref.AddWork(GeneratedWorks.Response(i));
    }

    if (rate > 0)
    {
        crossref.RateLimit = rate;
        crossref.ConcurrencyLimit = 5;
    }

    var app = LocalHost.Build("http://127.0.0.1:0", new Dictionary<string, string?>
    {
        ["AzureWebJobsStorage"] = azurite.ConnectionString,
        ["Crossref:BaseUrl"] = crossref.BaseUrl,
        ["Crossref:Mailto"] = "bench@example.org",
        ["DataCite:BaseUrl"] = "http://127.0.0.1:9/",
        ["DoiResolver:BaseUrl"] = "http://127.0.0.1:9/",
        ["Crossref:RequestsPerSecond"] = rate > 0 ? rate.ToString(invariant) : "1000",
        ["Crossref:MaxConcurrentRequests"] = rate > 0 ? "5" : "32",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:Enrichment.Core.Crossref.CrossrefClient"] = "Error",
    });
    await app.StartAsync();
    using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromMinutes(5) };

    var file = GeneratedWorks.BibTex(Enumerable.Range(0, records).Select(i => i % distinct));

    Console.WriteLine($"Pipeline benchmark: {records:N0} records, {distinct:N0} distinct DOIs, fake Crossref latency {latencyMs} ms, rate limit {(rate > 0 ? rate + "/s" : "none")}");
    var clock = Stopwatch.StartNew();
    using var content = new StringContent(file, Encoding.UTF8);
    using var posted = await http.PostAsync("/api/uploads?name=bench.bib", content);
    posted.EnsureSuccessStatusCode();
    var uploadId = JsonDocument.Parse(await posted.Content.ReadAsStringAsync()).RootElement.GetProperty("uploadId").GetString()!;

    JsonElement summary = default;
    TimeSpan? parsedAfter = null;
    var slowestLook = TimeSpan.Zero;
    var failedLooks = 0;
    var nextReport = TimeSpan.FromMinutes(1);
    while (true)
    {
        var look = Stopwatch.StartNew();
        try
        {
            summary = JsonDocument.Parse(await http.GetStringAsync($"/api/uploads/{uploadId}")).RootElement;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            // A look that times out is a finding (storage overloaded), not the end of the run.
            failedLooks++;
            Console.WriteLine($"  status look failed after {look.Elapsed.TotalSeconds:F0} s: {ex.GetType().Name}");
            continue;
        }

        slowestLook = look.Elapsed > slowestLook ? look.Elapsed : slowestLook;
        if (parsedAfter is null && summary.GetProperty("total").ValueKind == JsonValueKind.Number)
        {
            parsedAfter = clock.Elapsed;
        }

        if (clock.Elapsed > nextReport)
        {
            Console.WriteLine($"  {clock.Elapsed.TotalMinutes:F0} min: {summary.GetProperty("completed").GetInt32():N0} records finished");
            nextReport += TimeSpan.FromMinutes(1);
        }

        if (summary.GetProperty("status").GetString() is "completed" or "failed" || clock.Elapsed > deadline)
        {
            break;
        }

        await Task.Delay(250); // A look sums one tally row per 100 records: cheap even for large uploads.
    }

    var total = clock.Elapsed;
    Console.WriteLine($"status {summary.GetProperty("status").GetString()}; counts {summary.GetProperty("counts")}");
    Console.WriteLine($"total {total.TotalSeconds:F1} s: {records / total.TotalSeconds:F0} records/s end to end; file read and queued after {parsedAfter?.TotalSeconds:F1} s");
    Console.WriteLine($"status looks: slowest {slowestLook.TotalMilliseconds:F0} ms, {failedLooks} failed");
    Console.WriteLine($"Crossref calls {crossref.TotalCalls} for {distinct} distinct DOIs; 429s provoked {crossref.RejectedByLimits}; first to last call {crossref.ActiveSpan.TotalSeconds:F1} s");
    if (rate > 0)
    {
        var ideal = distinct / (double)rate;
        Console.WriteLine($"with rate {rate}/s: {total.TotalSeconds:F1} s against D/R = {ideal:F1} s (ratio {total.TotalSeconds / ideal:F2})");
    }

    Console.WriteLine("where the time goes (busy time summed over all concurrent executions):");
    foreach (var (part, (sum, count)) in durations.OrderBy(d => d.Key, StringComparer.Ordinal))
    {
        Console.WriteLine($"  {part,-16} {sum / 1000:F1} s over {count} runs ({sum / count:F2} ms each)");
    }

    await app.StopAsync();
    await app.DisposeAsync();
}
finally
{
    // Also when the run fails: a stray Azurite at full CPU would skew every later measurement.
    await azurite.DisposeAsync();
}

int Arg(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}

// 1,000 lookups of 300 distinct DOIs through the Works cache and the rate-limited Crossref client, against the
// fake Crossref limited to R requests/s and C concurrent requests. Targets (issue 4): one call per distinct DOI,
// zero 429s provoked, achieved rate >= 95% of R, every record enriched or with a reason.
//
//   dotnet run -c Release --project bench/Crossref -- [--runs 10x5,5x1] [--lookups 1000] [--distinct 300]
//                                                      [--latency-ms 40] [--workers 32]
//   dotnet run -c Release --project bench/Crossref -- --scale-out 3 [--kill-after 30]     (ScaleOut.cs)
using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using Enrichment.Core.Crossref;
using Enrichment.Core.Enrichment;
using Enrichment.Core.Records;
using Enrichment.Pipeline.Works;
using Enrichment.Testing;
using Flurl.Http.Configuration;
using Microsoft.Extensions.Options;
using Enrichment.Core.Identifiers;

if (args.Contains("--scale-out"))
{
    return await ScaleOut.RunAsync(args);
}

var settings = Settings.Parse(args);
Console.WriteLine($"Crossref benchmark: {settings.Lookups} lookups of {settings.Distinct} distinct DOIs, {settings.Workers} workers, fake latency {settings.LatencyMs} ms");
Console.WriteLine($"corpus: {(SharedData.Available ? SharedData.CrossrefWorks : "absent, synthetic works")}");

var azurite = new AzuriteFixture();
await azurite.InitializeAsync();
try
{
    await WarmUpAsync(azurite.ConnectionString);
    Console.WriteLine();
    Console.WriteLine("| R req/s | C | lookups | distinct | calls | max calls/DOI | 429s | max in flight | achieved req/s | % of R | enriched | not in Crossref | failed | wall s |");
    Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    var allMet = true;
    foreach (var (rate, concurrency) in settings.Runs)
    {
        var result = await RunAsync(azurite.ConnectionString, settings, rate, concurrency);
        Console.WriteLine(result.Row);
        allMet &= result.TargetsMet;
    }

    Console.WriteLine();
    Console.WriteLine(allMet ? "All targets met." : "TARGETS MISSED (see the rows above).");
    return allMet ? 0 : 1;
}
finally
{
    await azurite.DisposeAsync();
}

// JIT the whole path once against an unlimited fake, so the measured runs time the limiter, not the JIT.
static async Task WarmUpAsync(string storage)
{
    await using var fake = await FakeCrossref.StartAsync();
    var dois = AddWorks(fake, 20, 0);
    var client = Client(fake.BaseUrl, storage, "WorksWarmUp");
    await Task.WhenAll(dois.Select(d => client.GetWorkAsync(d)));
    await new TableServiceClient(storage).DeleteTableAsync("WorksWarmUp");
}

static async Task<RunResult> RunAsync(string storage, Settings settings, int rate, int concurrency)
{
    await using var fake = await FakeCrossref.StartAsync();
    var unknown = Math.Max(1, settings.Distinct / 15);
    var dois = AddWorks(fake, settings.Distinct - unknown, unknown);
    fake.RateLimit = rate;
    fake.ConcurrencyLimit = concurrency;
    fake.Latency = TimeSpan.FromMilliseconds(settings.LatencyMs);
    var table = $"WorksBench{rate}x{concurrency}";
    var enricher = new ReferenceEnricher(Client(fake.BaseUrl, storage, table));

    // Every distinct DOI at least once, the rest drawn at random (seeded): repeats hit the cache or a flight.
    var random = new Random(42);
    var order = dois.Concat(Enumerable.Range(0, settings.Lookups - dois.Count).Select(_ => dois[random.Next(dois.Count)]))
        .OrderBy(_ => random.Next()).ToArray();
    var statuses = new EnrichmentStatus?[order.Length];
    var failures = 0;
    var next = -1;
    var watch = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, settings.Workers).Select(async _ =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < order.Length)
        {
            var source = new Reference { Id = "r" + i.ToString(CultureInfo.InvariantCulture) }.With("DOI", order[i].Value);
            try
            {
                var enriched = await enricher.EnrichAsync(source);
                statuses[i] = enriched.Status;
            }
            catch (Exception ex) when (ex is CrossrefUnavailableException or CrossrefResponseException)
            {
                Interlocked.Increment(ref failures);
            }
        }
    }));
    watch.Stop();
    foreach (var rejection in fake.Rejections)
    {
        Console.Error.WriteLine($"  429: {rejection}");
    }
    await new TableServiceClient(storage).DeleteTableAsync(table);

    var calls = fake.TotalCalls;
    var maxPerDoi = dois.Max(d => fake.CallsFor(d.Value));
    var span = fake.ActiveSpan.TotalSeconds;
    var achieved = span > 0 ? (calls - 1) / span : 0;
    var enrichedCount = statuses.Count(s => s == EnrichmentStatus.Enriched);
    var notFound = statuses.Count(s => s == EnrichmentStatus.NotInCrossref);
    var met = calls == dois.Count && maxPerDoi == 1 && fake.RejectedByLimits == 0 && achieved >= 0.95 * rate
        && enrichedCount + notFound == order.Length;
    var row = string.Create(CultureInfo.InvariantCulture,
        $"| {rate} | {concurrency} | {order.Length} | {dois.Count} | {calls} | {maxPerDoi} | {fake.RejectedByLimits} | {fake.MaxConcurrent} | {achieved:0.00} | {100 * achieved / rate:0.0} | {enrichedCount} | {notFound} | {failures} | {watch.Elapsed.TotalSeconds:0.0} |");
    return new RunResult(row, met);
}

// Corpus works (copied under new DOIs when more are needed), plus DOIs the fake does not know (404).
static List<Doi> AddWorks(FakeCrossref fake, int found, int unknown)
{
    var dois = new List<Doi>();
    if (SharedData.Available)
    {
        fake.AddWorksFrom(SharedData.CrossrefWorks);
    }
    else
    {
        fake.AddWork("""{"status":"ok","message-type":"work","message":{"DOI":"10.5555/bench.0","type":"journal-article","title":["Synthetic work"]}}""");
    }

    var served = fake.Dois.Order(StringComparer.Ordinal).ToList();
    foreach (var doi in served.Take(found))
    {
        dois.Add(Doi.Parse(doi));
    }

    for (var i = 0; dois.Count < found; i++)
    {
        var copy = $"10.5555/bench.copy.{i}";
        fake.AddCopy(served[i % served.Count], copy);
        dois.Add(Doi.Parse(copy));
    }

    for (var i = 0; i < unknown; i++)
    {
        dois.Add(Doi.Parse($"10.5555/bench.unknown.{i}"));
    }

    return dois;
}

// The client as production builds it: polite-pool defaults, adapting to the fake's headers.
static CachedCrossrefClient Client(string baseUrl, string storage, string table)
{
    var crossref = new CrossrefClient(new FlurlClientCache(), Options.Create(new CrossrefOptions
    {
        BaseUrl = baseUrl,
        Mailto = "bench@example.org",
    }));
    return new CachedCrossrefClient(crossref, new TableClient(storage, table), TimeProvider.System, Options.Create(new WorksCacheOptions()));
}

internal sealed record RunResult(string Row, bool TargetsMet);

internal sealed record Settings(IReadOnlyList<(int Rate, int Concurrency)> Runs, int Lookups, int Distinct, int LatencyMs, int Workers)
{
    public static Settings Parse(string[] args)
    {
        string Get(string name, string fallback)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
        }

        var runs = Get("--runs", "10x5,5x1").Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(r => r.Split('x'))
            .Select(p => (int.Parse(p[0], CultureInfo.InvariantCulture), int.Parse(p[1], CultureInfo.InvariantCulture)))
            .ToList();
        return new Settings(
            runs,
            int.Parse(Get("--lookups", "1000"), CultureInfo.InvariantCulture),
            int.Parse(Get("--distinct", "300"), CultureInfo.InvariantCulture),
            int.Parse(Get("--latency-ms", "40"), CultureInfo.InvariantCulture),
            int.Parse(Get("--workers", "32"), CultureInfo.InvariantCulture));
    }
}

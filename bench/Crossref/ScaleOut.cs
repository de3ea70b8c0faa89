using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Enrichment.Testing;

/// <summary>
/// Several `enrich serve` processes on one Azurite against the fake Crossref limited to R requests/s and C at once:
/// a DOI list of D distinct DOIs, each listed twice, uploaded once. Prints hosts, D, R, elapsed / (D/R), 429s and
/// calls per distinct DOI, in one run. With --kill-after S, one host is killed S seconds into the run.
///
///   dotnet run -c Release --project bench/Crossref -- --scale-out 3 [--distinct 300] [--rate 5] [--concurrency 3] [--kill-after 30]
/// </summary>
internal static class ScaleOut
{
    public static async Task<int> RunAsync(string[] args)
    {
        int Get(string name, int fallback)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
        }

        var hosts = Get("--scale-out", 3);
        var distinct = Get("--distinct", 300);
        var rate = Get("--rate", 5);
        var concurrency = Get("--concurrency", 3);
        var killAfter = Get("--kill-after", 0);
        var root = RepositoryRoot();
        Console.WriteLine($"Scale-out: {hosts} enrich serve processes, {distinct} distinct DOIs listed twice, fake Crossref {rate}/s and {concurrency} at once, 40 ms answers{(killAfter > 0 ? $", one host killed at {killAfter} s" : "")}");
        await RunProcessAsync("dotnet", root, "build", Path.Combine(root, "src", "Enrichment.Cli"), "-c", "Release", "-nologo", "-v", "q");
        var dll = Path.Combine(root, "src", "Enrichment.Cli", "bin", "Release", "net10.0", "Enrichment.Cli.dll");

        var azurite = new AzuriteFixture();
        await azurite.InitializeAsync();
        await using var crossref = await FakeCrossref.StartAsync();
        var dois = Enumerable.Range(0, distinct).Select(GeneratedWorks.Doi).ToList();
        for (var n = 0; n < distinct; n++)
        {
            crossref.AddWork(GeneratedWorks.Response(n));
        }

        crossref.RateLimit = rate;
        crossref.ConcurrencyLimit = concurrency;
        crossref.Latency = TimeSpan.FromMilliseconds(40);
        var logs = Directory.CreateTempSubdirectory("scale-out-");
        var servers = new List<(Process Process, string Url)>();
        try
        {
            for (var i = 0; i < hosts; i++)
            {
                servers.Add(StartServe(dll, azurite.ConnectionString, crossref.BaseUrl, Path.Combine(logs.FullName, $"serve{i}.log")));
            }

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            foreach (var (_, url) in servers)
            {
                await UntilAsync(async () => (await TryGetAsync(http, $"{url}/api/uploads/u0123456789abcdef0123")) is not null, TimeSpan.FromMinutes(2), "a host to answer");
            }

            // Every host has seen the others' heartbeats (one heartbeat interval after the last one started).
            var instances = new TableClient(azurite.ConnectionString, "Instances");
            await UntilAsync(async () => await instances.QueryAsync<TableEntity>(e => e.PartitionKey == "budget").CountAsync() == hosts, TimeSpan.FromSeconds(30), "heartbeats");
            await Task.Delay(TimeSpan.FromSeconds(2.5));

            var random = new Random(42);
            var list = string.Join('\n', dois.Concat(dois.OrderBy(_ => random.Next())));
            var watch = Stopwatch.StartNew();
            using var posted = await http.PostAsync($"{servers[0].Url}/api/uploads?name=dois.txt", new ByteArrayContent(Encoding.UTF8.GetBytes(list)));
            var uploadId = JsonDocument.Parse(await posted.Content.ReadAsStringAsync()).RootElement.GetProperty("uploadId").GetString()!;
            JsonElement summary = default;
            var killed = false;
            await UntilAsync(async () =>
            {
                if (killAfter > 0 && !killed && watch.Elapsed.TotalSeconds >= killAfter)
                {
                    servers[^1].Process.Kill(entireProcessTree: true);
                    killed = true;
                }

                if (await TryGetAsync(http, $"{servers[0].Url}/api/uploads/{uploadId}") is not { } body)
                {
                    return false;
                }

                summary = JsonDocument.Parse(body).RootElement.Clone();
                return summary.GetProperty("status").GetString() is "completed" or "failed";
            }, TimeSpan.FromMinutes(20), "the upload to complete");
            watch.Stop();

            var calls = dois.Sum(crossref.CallsFor);
            var perDoi = (double)calls / distinct;
            var ratio = watch.Elapsed.TotalSeconds / ((double)distinct / rate);
            var counts = summary.GetProperty("counts");
            var enriched = counts.TryGetProperty("enriched", out var e) ? e.GetInt32() : 0;
            Console.WriteLine();
            Console.WriteLine("| hosts | killed | D | R | C | records | enriched | elapsed s | D/R s | elapsed / (D/R) | 429s | calls per distinct DOI |");
            Console.WriteLine("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {hosts} | {(killed ? "one, at " + killAfter + " s" : "none")} | {distinct} | {rate} | {concurrency} | {2 * distinct} | {enriched} | {watch.Elapsed.TotalSeconds:0.0} | {(double)distinct / rate:0.0} | {ratio:0.00} | {crossref.RejectedByLimits} | {perDoi:0.000} |"));
            foreach (var rejection in crossref.Rejections.Take(10))
            {
                Console.Error.WriteLine($"  429: {rejection}");
            }

            var met = killed
                ? enriched == 2 * distinct && ratio <= 1.3
                : enriched == 2 * distinct && crossref.RejectedByLimits == 0 && perDoi <= 1.02 && ratio <= 1.15;
            Console.WriteLine(met ? "Targets met." : $"TARGETS MISSED (logs in {logs.FullName}).");
            return met ? 0 : 1;
        }
        finally
        {
            foreach (var (process, _) in servers)
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }

                process.Dispose();
            }

            await azurite.DisposeAsync();
        }
    }

    private static (Process, string) StartServe(string dll, string storage, string crossref, string log)
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}";
        probe.Stop();
        var start = new ProcessStartInfo("bash")
        {
            UseShellExecute = false,
            Environment =
            {
                ["AzureWebJobsStorage"] = storage,
                ["Crossref__BaseUrl"] = crossref,
                ["Crossref__Mailto"] = "bench@example.org",
                ["DataCite__BaseUrl"] = "http://127.0.0.1:9/",
                ["DoiResolver__BaseUrl"] = "http://127.0.0.1:9/",
                ["Enrichment__Styles"] = "apa",
                ["Logging__LogLevel__Default"] = "Warning",
            },
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"exec dotnet \"{dll}\" serve --urls {url} > \"{log}\" 2>&1");
        return (Process.Start(start)!, url);
    }

    private static async Task<string?> TryGetAsync(HttpClient http, string url)
    {
        try
        {
            using var response = await http.GetAsync(url);
            return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : response.StatusCode == HttpStatusCode.NotFound ? "" : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"timed out waiting for {what}");
            }

            await Task.Delay(250);
        }
    }

    private static async Task RunProcessAsync(string file, string directory, params string[] args)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = directory, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode})");
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Enrichment.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Enrichment.sln not found above " + AppContext.BaseDirectory);
    }
}

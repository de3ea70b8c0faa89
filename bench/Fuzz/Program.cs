using System.Globalization;
using Enrichment.Core.Tests.Fuzz;

// dotnet run -c Release --project bench/Fuzz -- --files 10000 --seed 1 [--slow-ms 1000] [--corpus DIR] [--save DIR] [--trace]
// Pushes mutated files through detection, every reader and the APA renderer; exits 1 when anything threw,
// timed out, or took longer than --slow-ms.
var files = 10_000;
var seed = 1;
var slowMs = 1000;
string? corpus = null;
string? save = null;
var trace = args.Contains("--trace");
foreach (var flag in new[] { "--trace" })
{
    args = [.. args.Where(a => a != flag)];
}

for (var a = 0; a + 1 < args.Length; a += 2)
{
    switch (args[a])
    {
        case "--files": files = int.Parse(args[a + 1], CultureInfo.InvariantCulture); break;
        case "--seed": seed = int.Parse(args[a + 1], CultureInfo.InvariantCulture); break;
        case "--slow-ms": slowMs = int.Parse(args[a + 1], CultureInfo.InvariantCulture); break;
        case "--corpus": corpus = args[a + 1]; break;
        case "--save": save = args[a + 1]; break;
        default:
            Console.Error.WriteLine($"unknown option {args[a]}");
            return 2;
    }
}

var seeds = new List<(string Name, byte[] Bytes)>(FuzzSeeds.All);
if (corpus is not null)
{
    seeds.AddRange(Directory.GetFiles(corpus).Order(StringComparer.Ordinal).Select(p => (Path.GetFileName(p), File.ReadAllBytes(p))));
}

var target = new FuzzTarget(TimeSpan.FromSeconds(30));
var kinds = new Dictionary<FuzzOutcomeKind, int>();
var bySeed = new Dictionary<string, (int Read, int Rejected)>(StringComparer.Ordinal);
long records = 0, errors = 0, rendered = 0, bytesRead = 0;
var slowest = (Time: TimeSpan.Zero, Name: "", Mutation: 0, Bytes: 0);
var bugs = new List<string>();
var started = System.Diagnostics.Stopwatch.GetTimestamp();

// Warm up: the first file pays for JIT and loading the style.
await target.RunAsync(seeds[0].Name, seeds[0].Bytes);

for (var i = 0; i < files; i++)
{
    var (name, source) = seeds[i % seeds.Count];
    var mutation = unchecked((seed * 1_000_003) + i);
    var bytes = new FuzzMutator(mutation).Mutate(source);
    if (trace)
    {
        // A stack overflow ends the process: the last line written names the file that did it.
        Console.Error.WriteLine($"{name} mutation {mutation}");
        if (save is not null)
        {
            Directory.CreateDirectory(save);
            await File.WriteAllBytesAsync(Path.Combine(save, "last-" + name), bytes);
        }
    }

    var outcome = await target.RunAsync(name, bytes);
    kinds[outcome.Kind] = kinds.GetValueOrDefault(outcome.Kind) + 1;
    var counts = bySeed.GetValueOrDefault(name);
    bySeed[name] = outcome.Kind == FuzzOutcomeKind.Rejected ? counts with { Rejected = counts.Rejected + 1 } : counts with { Read = counts.Read + 1 };
    records += outcome.Records;
    errors += outcome.Errors;
    rendered += outcome.Rendered;
    bytesRead += bytes.Length;
    if (outcome.Elapsed > slowest.Time)
    {
        slowest = (outcome.Elapsed, name, mutation, bytes.Length);
    }

    var slow = outcome.Elapsed.TotalMilliseconds > slowMs;
    if (outcome.IsBug || slow)
    {
        var what = outcome.IsBug ? $"{outcome.Kind}: {outcome.Failure}" : $"slow: {outcome.Elapsed.TotalMilliseconds:F0} ms";
        bugs.Add($"{name} mutation {mutation} ({bytes.Length} bytes): {what}");
        if (save is not null)
        {
            Directory.CreateDirectory(save);
            await File.WriteAllBytesAsync(Path.Combine(save, $"{mutation}-{name}"), bytes);
        }
    }
}

var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{files} mutated files (seed {seed}), {bytesRead / 1e6:F1} MB, in {elapsed.TotalSeconds:F1} s"));
foreach (var kind in Enum.GetValues<FuzzOutcomeKind>())
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {kind,-9} {kinds.GetValueOrDefault(kind),6}"));
}

foreach (var (name, (read, rejected)) in bySeed.OrderBy(p => p.Key, StringComparer.Ordinal))
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  from {name,-24} read {read,5}, refused by the detector {rejected,5}"));
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  records {records}, of which error records {errors}; rendered with APA {rendered}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"  slowest file: {slowest.Time.TotalMilliseconds:F1} ms ({slowest.Name}, mutation {slowest.Mutation}, {slowest.Bytes} bytes)"));
foreach (var bug in bugs.Take(20))
{
    Console.WriteLine("  FAIL " + (bug.Length > 2000 ? bug[..2000] + "..." : bug));
}

Console.WriteLine(bugs.Count == 0 ? "OK: nothing threw, nothing over " + slowMs + " ms" : $"FAILED: {bugs.Count} files");
return bugs.Count == 0 ? 0 : 1;

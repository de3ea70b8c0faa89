using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Running;
using Enrichment.Core.Formats.BibTex;
using Enrichment.Core.Formats.CslJson;

// parse FILE        reads FILE with BibTexReader (full decoding) and prints records, errors, seconds, MB/s
// json FILE         prints the records as CSL-JSON lines (to eyeball the mapping)
// anything else     runs the BenchmarkDotNet suite
if (args is ["parse", var path, ..])
{
    // An optional repeat count runs the parse again in the same process (warm JIT) and reports allocations.
    var repeat = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1;
    for (var run = 1; run < repeat; run++)
    {
        var before = GC.GetTotalAllocatedBytes();
        var gcs = GC.CollectionCount(0);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var timer = Stopwatch.StartNew();
        var count = 0;
        await using (var warm = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan))
        {
            await foreach (var record in new BibTexReader().ReadAsync(warm))
            {
                count++;
            }
        }

        var megabytesRead = new FileInfo(path).Length / 1e6;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"run {run}: entries={count} wall={timer.Elapsed.TotalSeconds:F3}s cpu={(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F3}s MB/s(wall)={megabytesRead / timer.Elapsed.TotalSeconds:F1} allocated={(GC.GetTotalAllocatedBytes() - before) / 1e6:F0}MB gen0={GC.CollectionCount(0) - gcs}"));
    }

    var watch = Stopwatch.StartNew();
    var (records, errors) = (0, 0);
    await using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan))
    {
        await foreach (var record in new BibTexReader().ReadAsync(stream))
        {
            if (record.IsError)
            {
                errors++;
            }
            else
            {
                records++;
            }
        }
    }

    var seconds = watch.Elapsed.TotalSeconds;
    var megabytes = new FileInfo(path).Length / 1e6;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"records={records} errors={errors} seconds={seconds:F3} MB/s={megabytes / seconds:F1}"));
    return 0;
}

if (args is ["json", var file])
{
    await using var stream = File.OpenRead(file);
    await foreach (var record in new BibTexReader().ReadAsync(stream))
    {
        Console.WriteLine(record.Reference is { } reference ? CslJsonConvert.Serialize(reference) : record.Diagnostics[0].ToString());
    }

    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(ReaderBenchmarks).Assembly).Run(args);
return 0;

using System.Diagnostics;
using System.Text.Json;
using BenchmarkDotNet.Running;
using Enrichment.Bench.Citations;
using Enrichment.Core.Citations;
using Enrichment.Core.Crossref;
using Enrichment.Core.DataCite;
using Enrichment.Core.Formats.CslJson;
using Enrichment.Core.Records;

// render --items FILE --locale FILE --style FILE [--style FILE...] --out FILE [--rounds N]
//   Renders every item alone in two modes per style: as a one-entry bibliography (what the pipeline stores)
//   and as a one-cite citation (in-text or note, first position), and writes
//   {"style": ..., "modes": {"bibliography": {"entriesPerSecond": ..., "entries": [...]}, "citation": {...}}}
//   per style as JSON, for compare.mjs.
// items --crossref DIR --datacite DIR --out FILE
//   Maps the shared corpus's Crossref works and DataCite DOIs with the product's own mappers (what an enriched
//   DOI becomes) and writes them as one CSL-JSON array, ids crossref-N and datacite-N, for both engines.
// bdn: runs the BenchmarkDotNet suite (CSL_BENCH_ITEMS, CSL_BENCH_STYLE, CSL_BENCH_LOCALE env vars).
if (args.Length > 0 && args[0] == "bdn")
{
    BenchmarkRunner.Run<EntryBenchmarks>(args: args[1..]);
    return 0;
}

if (args.Length > 0 && args[0] == "items")
{
    var option = (string name) => Array.IndexOf(args, name) is var at and > 0 && at + 1 < args.Length ? args[at + 1] : null;
    if (option("--crossref") is not { } crossrefDir || option("--datacite") is not { } dataciteDir || option("--out") is not { } itemsOut)
    {
        Console.Error.WriteLine("items needs --crossref, --datacite and --out");
        return 2;
    }

    var mapped = Corpus.MapCrossref(crossrefDir).Concat(Corpus.MapDataCite(dataciteDir)).ToList();
    Corpus.WriteItems(itemsOut, mapped);
    Console.WriteLine($"{mapped.Count} items to {itemsOut}");
    return 0;
}

if (args.Length == 0 || args[0] != "render")
{
    Console.Error.WriteLine("usage: items --crossref DIR --datacite DIR --out FILE | render --items FILE --locale FILE --style FILE [--style FILE...] --out FILE [--rounds N] | bdn");
    return 2;
}

string? itemsPath = null, localePath = null, outPath = null;
var stylePaths = new List<string>();
var rounds = 3;
for (var i = 1; i < args.Length - 1; i += 2)
{
    switch (args[i])
    {
        case "--items": itemsPath = args[i + 1]; break;
        case "--locale": localePath = args[i + 1]; break;
        case "--style": stylePaths.Add(args[i + 1]); break;
        case "--out": outPath = args[i + 1]; break;
        case "--rounds": rounds = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture); break;
    }
}

if (itemsPath is null || localePath is null || outPath is null || stylePaths.Count == 0)
{
    Console.Error.WriteLine("render needs --items, --locale, --style and --out");
    return 2;
}

var items = Corpus.ReadItems(itemsPath);
var locale = CslLocale.LoadFile(localePath);
using var output = File.Create(outPath);
using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
writer.WriteStartArray();
foreach (var stylePath in stylePaths)
{
    var compile = Stopwatch.StartNew();
    var processor = new CslProcessor(CslStyle.LoadFile(stylePath), locale);
    compile.Stop();
    writer.WriteStartObject();
    writer.WriteString("style", Path.GetFileName(stylePath));
    writer.WriteNumber("compileMs", compile.Elapsed.TotalMilliseconds);
    writer.WriteStartObject("modes");
    var modes = new (string Name, Func<Reference, string> Render)[]
    {
        ("bibliography", item => processor.RenderEntry(item)),
        ("citation", item => processor.RenderCitation([new CitationItem(item)])),
    };
    foreach (var (mode, render) in modes)
    {
        var (entries, perSecond) = Timing.Measure(items, render, rounds);
        writer.WriteStartObject(mode);
        writer.WriteNumber("entriesPerSecond", Math.Round(perSecond));
        writer.WriteStartArray("entries");
        foreach (var entry in entries)
        {
            writer.WriteStringValue(entry);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        Console.WriteLine($"{Path.GetFileName(stylePath)} {mode}: {perSecond:F0} entries/s (best of {rounds} rounds of {items.Count} items)");
    }

    writer.WriteEndObject();
    writer.WriteEndObject();
}

writer.WriteEndArray();
return 0;

namespace Enrichment.Bench.Citations
{
    internal static class Timing
    {
        /// <summary>
        /// One warm-up round (its output is the compared text), two more untimed rounds so tiered compilation
        /// finishes (compare.mjs warms citeproc-js the same way), then the best of the timed rounds: the bench
        /// machine is shared, and the fastest round is the least disturbed.
        /// </summary>
        public static (string[] Entries, double PerSecond) Measure(List<Reference> items, Func<Reference, string> render, int rounds)
        {
            var entries = new string[items.Count];
            for (var i = 0; i < items.Count; i++)
            {
                entries[i] = render(items[i]);
            }

            for (var w = 0; w < 2; w++)
            {
                foreach (var item in items)
                {
                    render(item);
                }
            }

            var best = double.MaxValue;
            for (var r = 0; r < rounds; r++)
            {
                var watch = Stopwatch.StartNew();
                foreach (var item in items)
                {
                    render(item);
                }

                best = Math.Min(best, watch.Elapsed.TotalSeconds);
            }

            return (entries, items.Count / best);
        }
    }

    internal static class Corpus
    {
        /// <summary>Reads a CSL-JSON array with the product's own converter.</summary>
        public static List<Reference> ReadItems(string path)
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var items = new List<Reference>();
            var index = 0;
            foreach (var element in document.RootElement.EnumerateArray())
            {
                items.Add(CslJsonConvert.Read(element, $"$[{index++}]"));
            }

            return items;
        }

        /// <summary>Every <c>/works/{doi}</c> answer in the folder, through <see cref="CrossrefWorkMapper"/>.</summary>
        public static IEnumerable<Reference> MapCrossref(string folder) =>
            Map(folder, "crossref", root =>
                root.TryGetProperty("message-type", out var type) && type.ValueEquals("work")
                && root.TryGetProperty("message", out var message) ? CrossrefWorkMapper.Map(message) : null);

        /// <summary>Every <c>/dois/{doi}</c> answer in the folder, through <see cref="DataCiteWorkMapper"/>.</summary>
        public static IEnumerable<Reference> MapDataCite(string folder) =>
            Map(folder, "datacite", root =>
                root.TryGetProperty("data", out var data) && data.TryGetProperty("attributes", out var attributes)
                    ? DataCiteWorkMapper.Map(attributes) : null);

        public static void WriteItems(string path, IEnumerable<Reference> items)
        {
            using var output = File.Create(path);
            using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            writer.WriteStartArray();
            foreach (var item in items)
            {
                CslJsonConvert.Write(writer, item);
            }

            writer.WriteEndArray();
        }

        private static IEnumerable<Reference> Map(string folder, string source, Func<JsonElement, Reference?> map)
        {
            var count = 0;
            foreach (var file in Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal))
            {
                using var document = JsonDocument.Parse(File.ReadAllText(file));
                if (map(document.RootElement) is { } item)
                {
                    yield return item with { Id = $"{source}-{++count}" };
                }
            }
        }
    }
}

using System.Diagnostics;
using System.Text.Json;
using BenchmarkDotNet.Running;
using Enrichment.Bench.Citations;
using Enrichment.Core.Citations;
using Enrichment.Core.Crossref;
using Enrichment.Core.DataCite;
using Enrichment.Core.Formats.CslJson;
using Enrichment.Core.Records;

// items --crossref DIR --datacite DIR --out FILE
//   Maps the shared corpus's Crossref works and DataCite DOIs with the product's own mappers (what an enriched
//   DOI becomes) and writes them as one CSL-JSON array, ids crossref-N and datacite-N, for both engines.
// serve --items FILE --locale FILE
//   Answers compare.mjs one line at a time on stdin/stdout, so that its rounds and ours alternate and both
//   engines of a pair are timed under the same load (the machine is shared):
//     style PATH          compiles the style; answers {"compileMs": ...}
//     entries MODE        renders every item once (bibliography: a one-entry bibliography; citation: a one-cite
//                         citation in first position); answers {"entries": [...]}
//     round MODE MS       renders the items pass after pass for at least MS milliseconds; answers
//                         {"rendered": ..., "seconds": ...}
// bdn: runs the BenchmarkDotNet suite (CSL_BENCH_ITEMS, CSL_BENCH_STYLE, CSL_BENCH_LOCALE env vars).
string? Option(string name) => Array.IndexOf(args, name) is var at and > 0 && at + 1 < args.Length ? args[at + 1] : null;

switch (args.FirstOrDefault())
{
    case "bdn":
        BenchmarkRunner.Run<EntryBenchmarks>(args: args[1..]);
        return 0;
    case "items" when Option("--crossref") is { } crossrefDir && Option("--datacite") is { } dataciteDir && Option("--out") is { } itemsOut:
        var mapped = Corpus.MapCrossref(crossrefDir).Concat(Corpus.MapDataCite(dataciteDir)).ToList();
        Corpus.WriteItems(itemsOut, mapped);
        Console.WriteLine($"{mapped.Count} items to {itemsOut}");
        return 0;
    case "serve" when Option("--items") is { } itemsPath && Option("--locale") is { } localePath:
        Serve(Corpus.ReadItems(itemsPath), CslLocale.LoadFile(localePath));
        return 0;
    default:
        Console.Error.WriteLine("usage: items --crossref DIR --datacite DIR --out FILE | serve --items FILE --locale FILE | bdn");
        return 2;
}

static void Serve(List<Reference> items, CslLocale locale)
{
    CslProcessor? processor = null;
    using var stdout = Console.OpenStandardOutput();
    while (Console.ReadLine() is { } line)
    {
        var words = line.Split(' ');
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            switch (words[0])
            {
                case "style":
                    var compile = Stopwatch.StartNew();
                    processor = new CslProcessor(CslStyle.LoadFile(line["style ".Length..]), locale);
                    writer.WriteNumber("compileMs", compile.Elapsed.TotalMilliseconds);
                    break;
                case "entries":
                    var render = Timing.Renderer(processor!, words[1]);
                    writer.WriteStartArray("entries");
                    foreach (var item in items)
                    {
                        writer.WriteStringValue(render(item));
                    }

                    writer.WriteEndArray();
                    break;
                case "round":
                    var (rendered, seconds) = Timing.Round(items, Timing.Renderer(processor!, words[1]),
                        TimeSpan.FromMilliseconds(int.Parse(words[2], System.Globalization.CultureInfo.InvariantCulture)));
                    writer.WriteNumber("rendered", rendered);
                    writer.WriteNumber("seconds", seconds);
                    break;
            }

            writer.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        buffer.Position = 0;
        buffer.CopyTo(stdout);
        stdout.Flush();
    }
}

namespace Enrichment.Bench.Citations
{
    internal static class Timing
    {
        public static Func<Reference, string> Renderer(CslProcessor processor, string mode) => mode switch
        {
            "bibliography" => item => processor.RenderEntry(item),
            "citation" => item => processor.RenderCitation([new CitationItem(item)]),
            _ => throw new ArgumentException($"unknown mode {mode}", nameof(mode)),
        };

        /// <summary>Whole passes over the items until <paramref name="atLeast"/> has gone by (one pass at least).</summary>
        public static (long Rendered, double Seconds) Round(List<Reference> items, Func<Reference, string> render, TimeSpan atLeast)
        {
            var rendered = 0L;
            var watch = Stopwatch.StartNew();
            do
            {
                foreach (var item in items)
                {
                    render(item);
                }

                rendered += items.Count;
            }
            while (watch.Elapsed < atLeast);
            return (rendered, watch.Elapsed.TotalSeconds);
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

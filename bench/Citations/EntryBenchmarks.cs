using BenchmarkDotNet.Attributes;
using Enrichment.Core.Citations;
using Enrichment.Core.Records;

namespace Enrichment.Bench.Citations;

/// <summary>One-entry bibliographies over the converted Crossref corpus (paths from environment variables).</summary>
[MemoryDiagnoser]
public class EntryBenchmarks
{
    private List<Reference> _items = [];
    private CslProcessor? _processor;

    [GlobalSetup]
    public void Setup()
    {
        _items = Corpus.ReadItems(Environment.GetEnvironmentVariable("CSL_BENCH_ITEMS") ?? throw new InvalidOperationException("CSL_BENCH_ITEMS"));
        var locale = CslLocale.LoadFile(Environment.GetEnvironmentVariable("CSL_BENCH_LOCALE") ?? throw new InvalidOperationException("CSL_BENCH_LOCALE"));
        _processor = new CslProcessor(CslStyle.LoadFile(Environment.GetEnvironmentVariable("CSL_BENCH_STYLE") ?? throw new InvalidOperationException("CSL_BENCH_STYLE")), locale);
    }

    [Benchmark]
    public int RenderAllEntries()
    {
        var total = 0;
        foreach (var item in _items)
        {
            total += _processor!.RenderEntry(item).Length;
        }

        return total;
    }
}

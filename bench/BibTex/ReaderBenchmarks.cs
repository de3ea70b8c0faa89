using System.Text;
using BenchmarkDotNet.Attributes;
using Enrichment.Core.Formats.BibTex;

/// <summary>
/// The reader over an in-memory copy of the shared corpus (biblatex-examples.bib and the cryptobib macro
/// file, repeated to about 8 MB), so the figure is the parser's, not the disk's.
/// </summary>
[MemoryDiagnoser]
public class ReaderBenchmarks
{
    private byte[] _data = [];

    [GlobalSetup]
    public void Setup()
    {
        var corpus = Environment.GetEnvironmentVariable("ENRICHMENT_SHARED") ?? FindShared();
        var parts = new[] { "biblatex-examples.bib", "cryptobib-abbrev0.bib", "seed-khalili2016.bib" }
            .Select(f => File.ReadAllText(Path.Combine(corpus, "corpus", "bibtex", f)))
            .ToArray();
        var builder = new StringBuilder();
        while (builder.Length < 8_000_000)
        {
            foreach (var part in parts)
            {
                builder.Append(part).Append('\n');
            }
        }

        _data = Encoding.UTF8.GetBytes(builder.ToString());
    }

    [Benchmark]
    public async Task<int> ReadAll()
    {
        using var stream = new MemoryStream(_data, writable: false);
        var count = 0;
        await foreach (var record in new BibTexReader().ReadAsync(stream))
        {
            count += record.IsError ? 0 : 1;
        }

        return count;
    }

    private static string FindShared()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var shared = Path.Combine(dir.FullName, "shared");
            if (Directory.Exists(Path.Combine(shared, "corpus")))
            {
                return shared;
            }
        }

        throw new DirectoryNotFoundException("../shared not found; set ENRICHMENT_SHARED");
    }
}

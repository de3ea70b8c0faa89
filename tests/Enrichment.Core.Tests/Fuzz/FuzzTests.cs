using Enrichment.Testing;

namespace Enrichment.Core.Tests.Fuzz;

/// <summary>
/// Mutated files through detection, every reader and the APA renderer: nothing may escape but error records and
/// the detector's refusal, and each file finishes within a generous bound. Seeded, so a failure names the seed
/// that reproduces it; bounded to a few seconds (the long run is <c>bench/Fuzz</c>).
/// </summary>
public sealed class FuzzTests
{
    // Generous: a file takes milliseconds; only a hang or a quadratic blow-up comes near this.
    private static readonly FuzzTarget Target = new(TimeSpan.FromSeconds(20));

    public static TheoryData<string> SeedNames => [.. FuzzSeeds.All.Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(SeedNames))]
    public async Task The_seed_file_reads_cleanly(string name)
    {
        var outcome = await Target.RunAsync(name, FuzzSeeds.All.Single(s => s.Name == name).Bytes);

        outcome.Kind.ShouldBe(FuzzOutcomeKind.Read, outcome.Failure);
        outcome.Rendered.ShouldBeGreaterThan(0);
    }

    [Theory]
    [MemberData(nameof(SeedNames))]
    public async Task Mutated_files_yield_records_or_error_records_never_an_exception(string name)
    {
        var index = FuzzSeeds.All.ToList().FindIndex(s => s.Name == name);
        var seed = FuzzSeeds.All[index].Bytes;
        var failures = new List<string>();
        for (var n = 0; n < 60; n++)
        {
            var mutator = new FuzzMutator((1000 * index) + n);
            var outcome = await Target.RunAsync(name, mutator.Mutate(seed));
            if (outcome.IsBug)
            {
                failures.Add($"{name} mutation seed {mutator.Seed}: {outcome.Kind}: {outcome.Failure}");
            }
        }

        failures.ShouldBeEmpty();
    }

    [SharedDataFact]
    public async Task Mutated_corpus_BibTeX_files_yield_records_or_error_records()
    {
        var failures = new List<string>();
        foreach (var path in Directory.GetFiles(SharedData.PathTo("corpus", "bibtex"), "*.bib").Order(StringComparer.Ordinal))
        {
            var bytes = await File.ReadAllBytesAsync(path);
            var clean = await Target.RunAsync(Path.GetFileName(path), bytes);
            clean.Kind.ShouldBe(FuzzOutcomeKind.Read, clean.Failure);
            for (var n = 0; n < 8; n++)
            {
                var mutator = new FuzzMutator(1000 + n);
                var outcome = await Target.RunAsync(Path.GetFileName(path), mutator.Mutate(bytes));
                if (outcome.IsBug)
                {
                    failures.Add($"{Path.GetFileName(path)} mutation seed {mutator.Seed}: {outcome.Kind}: {outcome.Failure}");
                }
            }
        }

        failures.ShouldBeEmpty();
    }

    [Fact]
    public void The_mutator_is_deterministic()
    {
        var seed = FuzzSeeds.All[0].Bytes;

        new FuzzMutator(7).Mutate(seed).ShouldBe(new FuzzMutator(7).Mutate(seed));
    }
}

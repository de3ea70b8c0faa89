using System.Diagnostics;
using Enrichment.Testing;
using Xunit.Abstractions;

namespace Enrichment.Core.Tests.Citations.Suite;

/// <summary>
/// The official CSL processor test suite as a ratchet: every fixture that passed before must still pass.
/// <c>CSL_SUITE_WRITE=1</c> rewrites the pass list; <c>CSL_SUITE_REPORT=path</c> writes failures with diffs.
/// </summary>
public sealed class CslTestSuiteTests(ITestOutputHelper output)
{
    private const int Total = 847;

    private static string FailingListPath =>
        Path.Combine(SharedData.RepositoryRoot, "tests", "Enrichment.Core.Tests", "Citations", "csl-test-suite-failing.txt");

    private static string PassListPath =>
        Path.Combine(SharedData.RepositoryRoot, "tests", "Enrichment.Core.Tests", "Citations", "csl-test-suite-passing.txt");

    [SharedDataFact]
    public void Every_fixture_that_passed_before_still_passes()
    {
        var watch = Stopwatch.StartNew();
        var passing = new List<string>();
        var failing = new List<string>();
        var failures = new List<string>();
        foreach (var fixture in FixtureRunner.All())
        {
            string actual;
            try
            {
                actual = FixtureRunner.Run(fixture);
            }
            catch (Exception ex)
            {
                actual = "CRASH: " + ex.GetType().Name + ": " + ex.Message + "\n" + ex.StackTrace;
            }

            var expected = FixtureRunner.Normalise(fixture.Result);
            if (FixtureRunner.Normalise(actual) == expected)
            {
                passing.Add(fixture.Name);
            }
            else
            {
                failing.Add(fixture.Name);
                failures.Add($"### {fixture.Name}\n--- expected\n{expected}\n--- actual\n{FixtureRunner.Normalise(actual)}\n");
            }
        }

        passing.Sort(StringComparer.Ordinal);
        output.WriteLine($"{passing.Count} of {Total} pass ({watch.ElapsedMilliseconds} ms)");
        if (Environment.GetEnvironmentVariable("CSL_SUITE_REPORT") is { Length: > 0 } report)
        {
            File.WriteAllText(report, string.Join("\n", failures));
        }

        if (Environment.GetEnvironmentVariable("CSL_SUITE_WRITE") == "1")
        {
            File.WriteAllLines(PassListPath, [$"# {passing.Count} of {Total} pass", .. passing]);
            return;
        }

        var before = File.Exists(PassListPath)
            ? File.ReadAllLines(PassListPath).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList()
            : [];
        var now = passing.ToHashSet(StringComparer.Ordinal);
        var regressions = before.Where(name => !now.Contains(name)).ToList();
        regressions.ShouldBeEmpty($"fixtures that passed before and now fail ({passing.Count} of {Total} pass now)");

        // Every fixture that fails has its reason in one place, and nothing listed there passes.
        var listed = File.ReadAllLines(FailingListPath)
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split(" | ", 2)[0].Trim())
            .ToHashSet(StringComparer.Ordinal);
        failing.Where(name => !listed.Contains(name)).ShouldBeEmpty($"failing fixtures with no reason in {Path.GetFileName(FailingListPath)}");
        listed.Where(now.Contains).ShouldBeEmpty($"fixtures listed in {Path.GetFileName(FailingListPath)} that pass now (take them out)");
    }
}

using Xunit;

namespace Enrichment.Testing;

/// <summary>
/// The test data beside the repository (<c>../shared</c>): real Crossref responses, BibTeX files, the CSL
/// test suite. CI always has it; a user's clone may not, and corpus tests then say they did not run.
/// </summary>
public static class SharedData
{
    private static readonly Lazy<string?> Root = new(Find);

    /// <summary>The shared folder, or null when it is not beside the repository.</summary>
    public static string? Directory => Root.Value;

    public static bool Available => Root.Value is not null;

    public const string MissingReason =
        "did not run: ../shared (the corpus beside the repository) is absent; set ENRICHMENT_SHARED or clone it beside";

    public static string PathTo(params string[] parts) =>
        Path.Combine([Root.Value ?? throw new InvalidOperationException(MissingReason), .. parts]);

    public static string CrossrefWorks => PathTo("corpus", "crossref-works");

    /// <summary>Real DataCite <c>/dois/{doi}</c> answers, one file per DOI.</summary>
    public static string DataCiteDois => PathTo("corpus", "datacite-dois");

    public static string BibTex(string fileName) => PathTo("corpus", "bibtex", fileName);

    public static string SeedBibTex => BibTex("seed-khalili2016.bib");

    private static string? Find()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("ENRICHMENT_SHARED");
        if (!string.IsNullOrEmpty(fromEnvironment) && System.IO.Directory.Exists(fromEnvironment))
        {
            return Path.GetFullPath(fromEnvironment);
        }

        // Walk up from the test binaries to the repository root, then look beside it.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Enrichment.sln")))
            {
                var shared = Path.Combine(dir.Parent?.FullName ?? dir.FullName, "shared");
                return System.IO.Directory.Exists(Path.Combine(shared, "corpus")) ? shared : null;
            }
        }

        return null;
    }

    /// <summary>The repository root (the folder holding Enrichment.sln).</summary>
    public static string RepositoryRoot
    {
        get
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
}

/// <summary>A fact over ../shared: reported as skipped, with the reason, when the corpus is absent.</summary>
public sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute()
    {
        if (!SharedData.Available)
        {
            Skip = SharedData.MissingReason;
        }
    }
}

/// <summary>A theory over ../shared: reported as skipped, with the reason, when the corpus is absent.</summary>
public sealed class SharedDataTheoryAttribute : TheoryAttribute
{
    public SharedDataTheoryAttribute()
    {
        if (!SharedData.Available)
        {
            Skip = SharedData.MissingReason;
        }
    }
}

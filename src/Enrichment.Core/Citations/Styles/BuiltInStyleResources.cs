namespace Enrichment.Core.Citations.Styles;

/// <summary>
/// The CSL styles and the en-US locale compiled into Enrichment.Core as embedded resources
/// (<c>Enrichment.Styles.{file}</c>, see Enrichment.Core.csproj). The engine reads them from here.
/// </summary>
internal static class BuiltInStyleResources
{
    public const string ResourcePrefix = "Enrichment.Styles.";

    /// <summary>The built-in style names, as users pass them to <c>--style</c>.</summary>
    public static IReadOnlyList<string> StyleNames { get; } = ["apa", "mla", "chicago-author-date", "ieee", "vancouver"];

    /// <summary>The locales built in: only en-US, the default of every style.</summary>
    public static IReadOnlyList<string> LocaleNames { get; } = ["en-US"];

    public static bool IsBuiltInStyle(string name) => StyleNames.Contains(name, StringComparer.OrdinalIgnoreCase);

    /// <summary>Opens a built-in style's CSL XML; names are matched without regard to case.</summary>
    public static Stream OpenStyle(string name)
    {
        var match = StyleNames.FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException(
                $"'{name}' is not a built-in style; built in: {string.Join(", ", StyleNames)}", nameof(name));
        return Open(match + ".csl");
    }

    /// <summary>Opens a built-in locale file (CSL locale XML).</summary>
    public static Stream OpenLocale(string language = "en-US")
    {
        var match = LocaleNames.FirstOrDefault(n => string.Equals(n, language, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"no built-in locale '{language}'", nameof(language));
        return Open($"locales-{match}.xml");
    }

    private static Stream Open(string fileName) =>
        typeof(BuiltInStyleResources).Assembly.GetManifestResourceStream(ResourcePrefix + fileName)
        ?? throw new InvalidOperationException($"embedded resource {ResourcePrefix}{fileName} is missing from the build");
}

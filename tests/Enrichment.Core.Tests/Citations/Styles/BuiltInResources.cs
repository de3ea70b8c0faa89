using System.Xml.Linq;
using Enrichment.Core.Citations.Styles;

namespace Enrichment.Core.Tests.Citations.Styles;

/// <summary>Reads the styles and locale embedded in Enrichment.Core, as the CSL engine will.</summary>
internal static class BuiltInResources
{
    public static readonly string[] StyleNames = ["apa", "mla", "chicago-author-date", "ieee", "vancouver"];

    public static IEnumerable<string> Names => typeof(BuiltInStyleResources).Assembly.GetManifestResourceNames();

    public static XDocument Style(string name)
    {
        using var stream = BuiltInStyleResources.OpenStyle(name);
        return XDocument.Load(stream, LoadOptions.SetLineInfo);
    }

    public static XDocument Locale()
    {
        using var stream = BuiltInStyleResources.OpenLocale();
        return XDocument.Load(stream, LoadOptions.SetLineInfo);
    }
}

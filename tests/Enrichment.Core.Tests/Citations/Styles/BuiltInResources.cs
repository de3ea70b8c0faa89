using System.Xml.Linq;
using Enrichment.Core.Records;

namespace Enrichment.Core.Tests.Citations.Styles;

/// <summary>Reads the styles and locale embedded in Enrichment.Core, as the CSL engine will.</summary>
internal static class BuiltInResources
{
    public const string Prefix = "Enrichment.Styles.";

    public static readonly string[] StyleNames = ["apa", "mla", "chicago-author-date", "ieee", "vancouver"];

    public static IEnumerable<string> Names => typeof(Reference).Assembly.GetManifestResourceNames();

    public static XDocument Load(string fileName)
    {
        using var stream = typeof(Reference).Assembly.GetManifestResourceStream(Prefix + fileName)
            ?? throw new InvalidOperationException($"no embedded resource {Prefix}{fileName}");
        return XDocument.Load(stream, LoadOptions.SetLineInfo);
    }

    public static XDocument Style(string name) => Load(name + ".csl");

    public static XDocument Locale() => Load("locales-en-US.xml");
}

using System.Xml.Linq;
using Enrichment.Core.Citations.Csl.Model;

namespace Enrichment.Core.Citations;

/// <summary>
/// A compiled CSL 1.0.2 style: parsed once into an immutable element tree, then rendered many times.
/// A dependent style carries only its <see cref="ParentId"/> until it is resolved against its parent.
/// </summary>
public sealed class CslStyle
{
    private CslStyle()
    {
    }

    public string? Id { get; private init; }

    public string? Title { get; private init; }

    /// <summary><c>in-text</c> or <c>note</c>.</summary>
    public string Class { get; private init; } = "in-text";

    public string? DefaultLocale { get; private init; }

    /// <summary>For a dependent style: the independent parent's id (a URL).</summary>
    public string? ParentId { get; private init; }

    public bool IsDependent => Citation is null && ParentId is not null;

    public bool HasBibliography => Bibliography is not null;

    internal ModeElement? Citation { get; private init; }

    internal ModeElement? Bibliography { get; private init; }

    internal IReadOnlyDictionary<string, string> Options { get; private init; } = new Dictionary<string, string>();

    /// <summary>The style's <c>cs:locale</c> overrides: language (or "" for all) and the definitions.</summary>
    internal IReadOnlyList<CslLocale> LocaleOverrides { get; private init; } = [];

    /// <summary>The limits the style was compiled under; rendering applies them to item text too.</summary>
    internal CslLimits Limits { get; private init; } = CslLimits.Default;

    public static CslStyle LoadFile(string path, CslLimits? limits = null)
    {
        limits ??= CslLimits.Default;
        if (new FileInfo(path).Length > limits.MaxStyleBytes)
        {
            throw new FormatException($"The CSL style is larger than the limit of {limits.MaxStyleBytes} bytes.");
        }

        return Load(File.ReadAllText(path), limits);
    }

    /// <summary>Compiles a style; a style that is not CSL or breaks a <see cref="CslLimits"/> bound throws <see cref="FormatException"/>.</summary>
    public static CslStyle Load(string xml, CslLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(xml);
        limits ??= CslLimits.Default;
        limits.Validate();
        var root = StyleBounds.ReadXml(xml, limits);

        if (root.Name.LocalName != "style")
        {
            throw new FormatException($"Not a CSL style: the root element is <{root.Name.LocalName}>.");
        }

        var ns = root.Name.Namespace;
        var info = root.Element(ns + "info");
        string? parent = null;
        if (info is not null)
        {
            foreach (var link in info.Elements(ns + "link"))
            {
                if (link.Attribute("rel")?.Value == "independent-parent")
                {
                    parent = link.Attribute("href")?.Value;
                }
            }
        }

        var parser = new StyleParser();
        parser.DeclareMacros(root.Elements(ns + "macro"));
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var a in root.Attributes())
        {
            options[a.Name.LocalName] = a.Value;
        }

        var citation = ReadMode(parser, root.Element(ns + "citation"));
        var bibliography = ReadMode(parser, root.Element(ns + "bibliography"));
        var sortKeys = new List<SortKey>();
        sortKeys.AddRange(citation?.Sort ?? []);
        sortKeys.AddRange(bibliography?.Sort ?? []);
        parser.ResolveMacros(sortKeys);
        StyleBounds.CheckMacros(parser.Macros.Values, [citation, bibliography], limits);

        var overrides = new List<CslLocale>();
        foreach (var locale in root.Elements(ns + "locale"))
        {
            overrides.Add(CslLocale.FromElement(locale, null));
        }

        return new CslStyle
        {
            Id = info?.Element(ns + "id")?.Value,
            Title = info?.Element(ns + "title")?.Value,
            Class = root.Attribute("class")?.Value ?? "in-text",
            DefaultLocale = root.Attribute("default-locale")?.Value,
            ParentId = parent,
            Citation = citation,
            Bibliography = bibliography,
            Options = options,
            LocaleOverrides = overrides,
            Limits = limits,
        };
    }

    private static ModeElement? ReadMode(StyleParser parser, XElement? mode)
    {
        if (mode is null)
        {
            return null;
        }

        var ns = mode.Name.Namespace;
        var layout = mode.Element(ns + "layout");
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var a in mode.Attributes())
        {
            options[a.Name.LocalName] = a.Value;
        }

        return new ModeElement
        {
            Layout = layout is null ? new LayoutElement { Children = [] } : parser.Layout(layout),
            Sort = StyleParser.Sort(mode.Element(ns + "sort")),
            Options = options,
        };
    }

    /// <summary>A dependent style's own locale and default-locale over its parent's rendering rules.</summary>
    public CslStyle WithParent(CslStyle parent)
    {
        ArgumentNullException.ThrowIfNull(parent);
        return new CslStyle
        {
            Id = Id,
            Title = Title,
            Class = parent.Class,
            DefaultLocale = DefaultLocale ?? parent.DefaultLocale,
            ParentId = ParentId,
            Citation = parent.Citation,
            Bibliography = parent.Bibliography,
            Options = parent.Options,
            LocaleOverrides = [.. parent.LocaleOverrides, .. LocaleOverrides],
            Limits = parent.Limits,
        };
    }

    internal string? Option(string name) => Options.TryGetValue(name, out var v) ? v : null;
}

using System.Xml.Linq;
using Enrichment.Core.Citations.Csl.Model;

namespace Enrichment.Core.Citations;

/// <summary>
/// A CSL locale: terms, localised date formats and style options. Term lookups fall back along
/// <see cref="Fallback"/> (a regional locale over en-US), as CSL processors do.
/// </summary>
public sealed class CslLocale
{
    private static readonly Lazy<CslLocale?> EmbeddedEnUs = new(() => LoadEmbedded("locales-en-US.xml"));

    private readonly Dictionary<string, LocaleTerm> _terms;
    private readonly Dictionary<string, DateElement> _dates;

    private CslLocale(string? language, Dictionary<string, LocaleTerm> terms, Dictionary<string, DateElement> dates,
        bool? punctuationInQuote, bool? limitDayOrdinals, CslLocale? fallback)
    {
        Language = language;
        _terms = terms;
        _dates = dates;
        PunctuationInQuoteSetting = punctuationInQuote;
        LimitDayOrdinalsSetting = limitDayOrdinals;
        Fallback = fallback;
    }

    /// <summary>The language tag (<c>en-US</c>), or null for a style's language-neutral overrides.</summary>
    public string? Language { get; }

    /// <summary>Where lookups go when this locale lacks a term or date format.</summary>
    public CslLocale? Fallback { get; }

    internal bool? PunctuationInQuoteSetting { get; }

    internal bool? LimitDayOrdinalsSetting { get; }

    internal bool PunctuationInQuote => PunctuationInQuoteSetting ?? Fallback?.PunctuationInQuote ?? false;

    internal bool LimitDayOrdinalsToDay1 => LimitDayOrdinalsSetting ?? Fallback?.LimitDayOrdinalsToDay1 ?? false;

    /// <summary>The en-US locale built into the library, when the embedded resource is present.</summary>
    public static CslLocale? BuiltInEnUs => EmbeddedEnUs.Value;

    public static CslLocale Load(string xml, CslLocale? fallback = null) =>
        FromElement(XElement.Parse(xml, LoadOptions.PreserveWhitespace), fallback);

    public static CslLocale LoadFile(string path, CslLocale? fallback = null) => Load(File.ReadAllText(path), fallback);

    internal static CslLocale? LoadEmbedded(string fileName)
    {
        var assembly = typeof(CslLocale).Assembly;
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (name.EndsWith(fileName, StringComparison.OrdinalIgnoreCase))
            {
                using var stream = assembly.GetManifestResourceStream(name)!;
                using var reader = new StreamReader(stream);
                return Load(reader.ReadToEnd());
            }
        }

        return null;
    }

    /// <summary>Reads a <c>cs:locale</c> element (a locale file's root or a style's override).</summary>
    internal static CslLocale FromElement(XElement root, CslLocale? fallback)
    {
        var terms = new Dictionary<string, LocaleTerm>(StringComparer.Ordinal);
        var dates = new Dictionary<string, DateElement>(StringComparer.Ordinal);
        bool? punctuationInQuote = null;
        bool? limitDay = null;
        foreach (var child in root.Elements())
        {
            switch (child.Name.LocalName)
            {
                case "style-options":
                    if (child.Attribute("punctuation-in-quote") is { } p)
                    {
                        punctuationInQuote = p.Value == "true";
                    }

                    if (child.Attribute("limit-day-ordinals-to-day-1") is { } l)
                    {
                        limitDay = l.Value == "true";
                    }

                    break;
                case "date":
                    var date = (DateElement)StyleParser.ParseLocaleDate(child);
                    dates[date.Form ?? "text"] = date;
                    break;
                case "terms":
                    foreach (var term in child.Elements())
                    {
                        ReadTerm(term, terms);
                    }

                    break;
            }
        }

        var lang = root.Attribute(XNamespace.Xml + "lang")?.Value;
        return new CslLocale(lang, terms, dates, punctuationInQuote, limitDay, fallback);
    }

    /// <summary>
    /// A term's text. Whitespace around it that holds a line break is the file's indentation, not the term's:
    /// <c>&lt;term name="and others"&gt;</c>, a line break, <c>&lt;/term&gt;</c> defines an empty term.
    /// </summary>
    private static string Content(string text) =>
        text.AsSpan().IndexOfAny('\n', '\r') >= 0 ? text.Trim() : text;

    private static void ReadTerm(XElement term, Dictionary<string, LocaleTerm> terms)
    {
        var name = term.Attribute("name")?.Value;
        if (name is null)
        {
            return;
        }

        var form = term.Attribute("form")?.Value ?? "long";
        var gender = term.Attribute("gender")?.Value;
        var genderForm = term.Attribute("gender-form")?.Value;
        var match = term.Attribute("match")?.Value;
        string single;
        string multiple;
        var singleElement = term.Element(term.Name.Namespace + "single");
        if (singleElement is not null)
        {
            single = Content(singleElement.Value);
            multiple = term.Element(term.Name.Namespace + "multiple")?.Value is { } many ? Content(many) : single;
        }
        else
        {
            single = multiple = Content(term.Value);
        }

        var value = new LocaleTerm(single, multiple, gender, match);
        terms[Key(name, form, genderForm)] = value;
    }

    internal static string Key(string name, string form, string? genderForm) =>
        genderForm is null ? name + "|" + form : name + "|" + form + "|" + genderForm;

    /// <summary>Finds a term in this locale chain with CSL's form fallbacks (verb-short to verb to long...).</summary>
    internal LocaleTerm? Term(string name, string form = "long", string? genderForm = null)
    {
        for (var f = form; f is not null; f = NextForm(f))
        {
            for (var locale = this; locale is not null; locale = locale.Fallback)
            {
                if (genderForm is not null && locale._terms.TryGetValue(Key(name, f, genderForm), out var gendered))
                {
                    return gendered;
                }

                if (locale._terms.TryGetValue(Key(name, f, null), out var term))
                {
                    return term;
                }
            }
        }

        return null;
    }

    /// <summary>Finds a term in exactly the given form, without fallback to other forms.</summary>
    internal LocaleTerm? TermExact(string key)
    {
        for (var locale = this; locale is not null; locale = locale.Fallback)
        {
            if (locale._terms.TryGetValue(key, out var term))
            {
                return term;
            }
        }

        return null;
    }

    private bool? _hasOrdinals;
    private CslLocale? _alone;

    /// <summary>Whether this level itself defines ordinal terms.</summary>
    internal bool HasOrdinals => _hasOrdinals ??= _terms.Keys.Any(k => k.StartsWith("ordinal", StringComparison.Ordinal));

    /// <summary>This level without its fallback chain.</summary>
    internal CslLocale Alone => _alone ??= Over(null);

    internal DateElement? Date(string form)
    {
        for (var locale = this; locale is not null; locale = locale.Fallback)
        {
            if (locale._dates.TryGetValue(form, out var date))
            {
                return date;
            }
        }

        return null;
    }

    private static string? NextForm(string form) => form switch
    {
        "verb-short" => "verb",
        "symbol" => "short",
        "verb" => "long",
        "short" => "long",
        _ => null,
    };

    /// <summary>A copy of this locale's own definitions placed over another chain.</summary>
    internal CslLocale Over(CslLocale? fallback) =>
        new(Language, _terms, _dates, PunctuationInQuoteSetting, LimitDayOrdinalsSetting, fallback);
}

internal sealed record LocaleTerm(string Single, string Multiple, string? Gender, string? Match);

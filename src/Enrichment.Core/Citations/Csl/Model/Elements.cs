namespace Enrichment.Core.Citations.Csl.Model;

/// <summary>Affixes, font formatting, quotes, text-case and display of a rendering element.</summary>
internal sealed class Decor
{
    public static readonly Decor None = new();

    public string? Prefix { get; init; }
    public string? Suffix { get; init; }
    public FontStyle? FontStyle { get; init; }
    public FontVariant? FontVariant { get; init; }
    public FontWeight? FontWeight { get; init; }
    public TextDecoration? TextDecoration { get; init; }
    public VerticalAlign? VerticalAlign { get; init; }
    public string? Display { get; init; }
    public LetterCase? TextCase { get; init; }
    public bool Quotes { get; init; }
    public bool StripPeriods { get; init; }

    public bool HasFormatting => FontStyle is not null || FontVariant is not null || FontWeight is not null
        || TextDecoration is not null || VerticalAlign is not null;

    /// <summary>Style attributes over a locale's defaults (a style's date-part over the locale's date-part).</summary>
    public Decor Over(Decor under) => new()
    {
        Prefix = Prefix ?? under.Prefix,
        Suffix = Suffix ?? under.Suffix,
        FontStyle = FontStyle ?? under.FontStyle,
        FontVariant = FontVariant ?? under.FontVariant,
        FontWeight = FontWeight ?? under.FontWeight,
        TextDecoration = TextDecoration ?? under.TextDecoration,
        VerticalAlign = VerticalAlign ?? under.VerticalAlign,
        Display = Display ?? under.Display,
        TextCase = TextCase ?? under.TextCase,
        Quotes = Quotes || under.Quotes,
        StripPeriods = StripPeriods || under.StripPeriods,
    };
}

internal abstract class Element
{
    public Decor Decor { get; init; } = Decor.None;
}

internal sealed class LayoutElement : Element
{
    public required IReadOnlyList<Element> Children { get; init; }
    public string? Delimiter { get; init; }
}

internal enum TextSource
{
    Variable,
    Macro,
    Term,
    Value,
}

internal sealed class TextElement : Element
{
    public TextSource Source { get; init; }
    public required string Name { get; init; }
    public string Form { get; init; } = "long";
    public bool Plural { get; init; }

    /// <summary>The macro, resolved after all macros are read.</summary>
    public MacroElement? Macro { get; set; }
}

internal sealed class NumberElement : Element
{
    public required string Variable { get; init; }
    public NumberForm Form { get; init; }
}

internal sealed class LabelElement : Element
{
    public string? Variable { get; init; }
    public string Form { get; init; } = "long";
    public LabelPlural Plural { get; init; }
}

internal sealed class DatePartElement : Element
{
    public required DatePartName Name { get; init; }
    public DatePartForm? Form { get; init; }
    public string? RangeDelimiter { get; init; }
}

internal sealed class DateElement : Element
{
    public string? Variable { get; init; }

    /// <summary>Localised form (<c>text</c> or <c>numeric</c>), or null for a non-localised date.</summary>
    public string? Form { get; init; }

    public DatePartsShown DateParts { get; init; }
    public string? Delimiter { get; init; }
    public required IReadOnlyList<DatePartElement> Parts { get; init; }

    /// <summary>The date parts to render after merging with a locale's date format (a render cache).</summary>
    public ResolvedDateParts? Resolved { get; set; }
}

internal sealed record ResolvedDateParts(CslLocale Locale, List<DatePartElement> Parts, string? Delimiter);

internal sealed class NamePartElement : Element
{
    public required string Name { get; init; }
}

internal sealed class NameElement : Element
{
    public required IReadOnlyDictionary<string, string> Attributes { get; init; }

    /// <summary><c>form="count"</c> written on this cs:name (counts even in sort keys).</summary>
    public bool CountsNames { get; init; }
    public NamePartElement? Family { get; init; }
    public NamePartElement? Given { get; init; }

    // Resolved options per mode (citation, bibliography), computed once on first use.
    public NameOptions? ForCitation { get; set; }
    public NameOptions? ForBibliography { get; set; }
}

internal sealed class EtAlElement : Element
{
    public string Term { get; init; } = "et-al";
}

internal sealed class NamesElement : Element
{
    public required IReadOnlyList<string> Variables { get; init; }
    public NameElement? Name { get; init; }
    public EtAlElement? EtAl { get; init; }
    public LabelElement? Label { get; init; }
    public bool LabelBeforeName { get; init; }
    public IReadOnlyList<Element>? Substitute { get; init; }
    public string? Delimiter { get; init; }
}

internal sealed class GroupElement : Element
{
    public required IReadOnlyList<Element> Children { get; init; }
    public string? Delimiter { get; init; }
}

internal sealed record Condition(ConditionKind Kind, IReadOnlyList<string> Values);

internal sealed class ChooseBranch
{
    public required IReadOnlyList<Condition> Conditions { get; init; }
    public ConditionMatch Match { get; init; }
    public required IReadOnlyList<Element> Children { get; init; }
}

internal sealed class ChooseElement : Element
{
    public required IReadOnlyList<ChooseBranch> Branches { get; init; }
}

internal sealed class MacroElement
{
    public required string Name { get; init; }
    public IReadOnlyList<Element> Children { get; set; } = [];
}

internal sealed class SortKey
{
    public string? Variable { get; init; }
    public MacroElement? Macro { get; set; }
    public string? MacroName { get; init; }
    public bool Descending { get; init; }
    public int? NamesMin { get; init; }
    public int? NamesUseFirst { get; init; }
    public bool? NamesUseLast { get; init; }
}

/// <summary>The citation or bibliography section of a style.</summary>
internal sealed class ModeElement
{
    public required LayoutElement Layout { get; init; }
    public IReadOnlyList<SortKey> Sort { get; init; } = [];
    public required IReadOnlyDictionary<string, string> Options { get; init; }

    public string? Option(string name) => Options.TryGetValue(name, out var value) ? value : null;

    public int IntOption(string name, int fallback) =>
        Options.TryGetValue(name, out var value) && int.TryParse(value, System.Globalization.NumberStyles.Integer,
            System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : fallback;

    public bool BoolOption(string name) => Options.TryGetValue(name, out var value) && value == "true";
}

/// <summary>Name rendering options after inheritance (style, then citation/bibliography, then cs:name).</summary>
internal sealed class NameOptions
{
    public NameAnd? And { get; init; }
    public string Delimiter { get; init; } = ", ";
    public DelimiterPrecedes DelimiterPrecedesEtAl { get; init; }
    public DelimiterPrecedes DelimiterPrecedesLast { get; init; }
    public int EtAlMin { get; init; }
    public int EtAlUseFirst { get; init; }

    /// <summary>et-al-use-first="0" written out: a list long enough for et-al prints nothing.</summary>
    public bool EtAlUseFirstZero { get; init; }
    public int EtAlSubsequentMin { get; init; }
    public int EtAlSubsequentUseFirst { get; init; }
    public bool EtAlUseLast { get; init; }
    public NameForm Form { get; init; }
    public bool Initialize { get; init; } = true;
    public string? InitializeWith { get; init; }
    public NameAsSortOrder NameAsSortOrder { get; init; }
    public string SortSeparator { get; init; } = ", ";
}

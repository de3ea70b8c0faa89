namespace Enrichment.Core.Citations.Csl.Model;

// CSL attribute values, read once when a style is compiled so rendering compares enums, not strings.
// Each parser maps a value CSL does not define to what the renderer did with it before: the default.

/// <summary><c>and</c> on cs:name: the word from the locale's "and" term, or an ampersand.</summary>
internal enum NameAnd
{
    Text,
    Symbol,
}

/// <summary><c>delimiter-precedes-last</c> and <c>delimiter-precedes-et-al</c>.</summary>
internal enum DelimiterPrecedes
{
    Contextual,
    AfterInvertedName,
    Always,
    Never,
}

/// <summary><c>form</c> on cs:name (or the inherited <c>name-form</c>).</summary>
internal enum NameForm
{
    Long,
    Short,
    Count,
}

/// <summary><c>name-as-sort-order</c>: which names of a list show family name first.</summary>
internal enum NameAsSortOrder
{
    None,
    First,
    All,
}

/// <summary><c>demote-non-dropping-particle</c>: where "van" in "van Gogh" moves behind the given name.</summary>
internal enum ParticleDemotion
{
    Never,
    SortOnly,
    DisplayAndSort,
}

/// <summary><c>plural</c> on cs:label.</summary>
internal enum LabelPlural
{
    Contextual,
    Always,
    Never,
}

/// <summary><c>match</c> on cs:if and cs:else-if.</summary>
internal enum ConditionMatch
{
    All,
    Any,
    None,
}

/// <summary>The test a cs:if attribute names; <see cref="Unknown"/> is never true.</summary>
internal enum ConditionKind
{
    Unknown,
    Type,
    Variable,
    IsNumeric,
    IsUncertainDate,
    Locator,
    Position,
    Disambiguate,
}

/// <summary><c>text-case</c>; <see cref="Unrecognized"/> changes nothing but still overrides a locale's.</summary>
internal enum LetterCase
{
    Unrecognized,
    Lowercase,
    Uppercase,
    CapitalizeFirst,
    CapitalizeAll,
    Sentence,
    Title,
}

/// <summary><c>name</c> on cs:date-part; <see cref="Other"/> renders nothing.</summary>
internal enum DatePartName
{
    Year,
    Month,
    Day,
    Other,
}

/// <summary><c>date-parts</c> on a localised cs:date.</summary>
internal enum DatePartsShown
{
    YearMonthDay,
    YearMonth,
    Year,
}

/// <summary><c>form</c> on cs:date-part; each part treats a form it has no use for as its default.</summary>
internal enum DatePartForm
{
    Unrecognized,
    Long,
    Short,
    Numeric,
    NumericLeadingZeros,
    Ordinal,
}

// Formatting: an unrecognised value renders nothing itself but still makes its element a decorated one.

/// <summary><c>font-style</c>.</summary>
internal enum FontStyle
{
    Unrecognized,
    Normal,
    Italic,
    Oblique,
}

/// <summary><c>font-variant</c>.</summary>
internal enum FontVariant
{
    Unrecognized,
    Normal,
    SmallCaps,
}

/// <summary><c>font-weight</c>.</summary>
internal enum FontWeight
{
    Unrecognized,
    Normal,
    Bold,
    Light,
}

/// <summary><c>text-decoration</c>.</summary>
internal enum TextDecoration
{
    Unrecognized,
    None,
    Underline,
}

/// <summary><c>vertical-align</c>.</summary>
internal enum VerticalAlign
{
    Unrecognized,
    Baseline,
    Sup,
    Sub,
}

/// <summary><c>form</c> on cs:number.</summary>
internal enum NumberForm
{
    Numeric,
    Ordinal,
    LongOrdinal,
    Roman,
}

internal static class AttributeValues
{
    // An unknown form printed the digits as they are, which is what numeric does.
    public static NumberForm ParseNumberForm(string? value) => value switch
    {
        "ordinal" => NumberForm.Ordinal,
        "long-ordinal" => NumberForm.LongOrdinal,
        "roman" => NumberForm.Roman,
        _ => NumberForm.Numeric,
    };

    public static FontStyle? ParseFontStyle(string? value) => value switch
    {
        null => null,
        "normal" => FontStyle.Normal,
        "italic" => FontStyle.Italic,
        "oblique" => FontStyle.Oblique,
        _ => FontStyle.Unrecognized,
    };

    public static FontVariant? ParseFontVariant(string? value) => value switch
    {
        null => null,
        "normal" => FontVariant.Normal,
        "small-caps" => FontVariant.SmallCaps,
        _ => FontVariant.Unrecognized,
    };

    public static FontWeight? ParseFontWeight(string? value) => value switch
    {
        null => null,
        "normal" => FontWeight.Normal,
        "bold" => FontWeight.Bold,
        "light" => FontWeight.Light,
        _ => FontWeight.Unrecognized,
    };

    public static TextDecoration? ParseTextDecoration(string? value) => value switch
    {
        null => null,
        "none" => TextDecoration.None,
        "underline" => TextDecoration.Underline,
        _ => TextDecoration.Unrecognized,
    };

    public static VerticalAlign? ParseVerticalAlign(string? value) => value switch
    {
        null => null,
        "baseline" => VerticalAlign.Baseline,
        "sup" => VerticalAlign.Sup,
        "sub" => VerticalAlign.Sub,
        _ => VerticalAlign.Unrecognized,
    };

    public static DatePartName ParseDatePartName(string? value) => value switch
    {
        null or "year" => DatePartName.Year,
        "month" => DatePartName.Month,
        "day" => DatePartName.Day,
        _ => DatePartName.Other,
    };

    // Anything but "year" shows the month, and anything but "year-month-day" hides the day.
    public static DatePartsShown ParseDatePartsShown(string? value) => value switch
    {
        null or "year-month-day" => DatePartsShown.YearMonthDay,
        "year" => DatePartsShown.Year,
        _ => DatePartsShown.YearMonth,
    };

    public static DatePartForm? ParseDatePartForm(string? value) => value switch
    {
        null => null,
        "long" => DatePartForm.Long,
        "short" => DatePartForm.Short,
        "numeric" => DatePartForm.Numeric,
        "numeric-leading-zeros" => DatePartForm.NumericLeadingZeros,
        "ordinal" => DatePartForm.Ordinal,
        _ => DatePartForm.Unrecognized,
    };

    public static LetterCase? ParseLetterCase(string? value) => value switch
    {
        null => null,
        "lowercase" => LetterCase.Lowercase,
        "uppercase" => LetterCase.Uppercase,
        "capitalize-first" => LetterCase.CapitalizeFirst,
        "capitalize-all" => LetterCase.CapitalizeAll,
        "sentence" => LetterCase.Sentence,
        "title" => LetterCase.Title,
        _ => LetterCase.Unrecognized,
    };

    public static NameAnd? ParseAnd(string? value) => value switch
    {
        null => null,
        "symbol" => NameAnd.Symbol,
        _ => NameAnd.Text,
    };

    public static DelimiterPrecedes ParseDelimiterPrecedes(string? value) => value switch
    {
        "after-inverted-name" => DelimiterPrecedes.AfterInvertedName,
        "always" => DelimiterPrecedes.Always,
        "never" => DelimiterPrecedes.Never,
        _ => DelimiterPrecedes.Contextual,
    };

    public static NameForm ParseNameForm(string? value) => value switch
    {
        "short" => NameForm.Short,
        "count" => NameForm.Count,
        _ => NameForm.Long,
    };

    public static NameAsSortOrder ParseNameAsSortOrder(string? value) => value switch
    {
        "first" => NameAsSortOrder.First,
        "all" => NameAsSortOrder.All,
        _ => NameAsSortOrder.None,
    };

    public static ParticleDemotion ParseParticleDemotion(string? value) => value switch
    {
        null or "display-and-sort" => ParticleDemotion.DisplayAndSort,
        "sort-only" => ParticleDemotion.SortOnly,
        _ => ParticleDemotion.Never,
    };

    public static LabelPlural ParseLabelPlural(string? value) => value switch
    {
        "always" => LabelPlural.Always,
        "never" => LabelPlural.Never,
        _ => LabelPlural.Contextual,
    };

    public static ConditionMatch ParseMatch(string? value) => value switch
    {
        "any" => ConditionMatch.Any,
        "none" => ConditionMatch.None,
        _ => ConditionMatch.All,
    };

    public static ConditionKind ParseConditionKind(string attribute) => attribute switch
    {
        "type" => ConditionKind.Type,
        "variable" => ConditionKind.Variable,
        "is-numeric" => ConditionKind.IsNumeric,
        "is-uncertain-date" => ConditionKind.IsUncertainDate,
        "locator" => ConditionKind.Locator,
        "position" => ConditionKind.Position,
        "disambiguate" => ConditionKind.Disambiguate,
        _ => ConditionKind.Unknown,
    };
}

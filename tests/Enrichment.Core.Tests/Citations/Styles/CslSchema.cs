namespace Enrichment.Core.Tests.Citations.Styles;

/// <summary>
/// The elements and attributes of CSL 1.0.2 (specification, "Rendering Elements", "Options" and the schema's
/// shape), with the closed value lists. citeproc-js ignores what it does not know, so a misspelt attribute
/// would pass unnoticed there: this list catches it.
/// </summary>
internal static class CslSchema
{
    private static readonly string[] Formatting =
        ["font-style", "font-variant", "font-weight", "text-decoration", "vertical-align"];

    private static readonly string[] Affixes = ["prefix", "suffix"];

    private static readonly string[] NameOptions =
    [
        "and", "delimiter-precedes-et-al", "delimiter-precedes-last", "et-al-min", "et-al-use-first", "et-al-use-last",
        "et-al-subsequent-min", "et-al-subsequent-use-first", "initialize", "initialize-with", "name-as-sort-order",
        "sort-separator",
    ];

    private static readonly string[] InheritableNameOptions = [.. NameOptions, "name-form", "name-delimiter", "names-delimiter"];

    private static string[] With(params string[][] groups) => [.. groups.SelectMany(g => g)];

    public static readonly Dictionary<string, string[]> Attributes = new(StringComparer.Ordinal)
    {
        ["style"] = With(["class", "version", "default-locale", "initialize-with-hyphen", "page-range-format",
            "demote-non-dropping-particle"], InheritableNameOptions),
        ["info"] = [], ["title"] = ["xml:lang"], ["title-short"] = ["xml:lang"], ["id"] = [],
        ["link"] = ["href", "rel", "xml:lang"], ["author"] = [], ["contributor"] = [], ["translator"] = [],
        ["name"] = With(NameOptions, ["form", "delimiter"], Affixes, Formatting),
        ["email"] = [], ["uri"] = [], ["category"] = ["citation-format", "field"], ["issn"] = [], ["eissn"] = [],
        ["issnl"] = [], ["summary"] = ["xml:lang"], ["published"] = [], ["updated"] = [], ["rights"] = ["license", "xml:lang"],
        ["locale"] = ["xml:lang", "version"], ["terms"] = [], ["term"] = ["name", "form", "gender", "gender-form", "match"],
        ["single"] = [], ["multiple"] = [], ["style-options"] = ["punctuation-in-quote", "limit-day-ordinals-to-day-1"],
        ["macro"] = ["name"],
        ["citation"] = With(["disambiguate-add-names", "disambiguate-add-givenname", "givenname-disambiguation-rule",
            "disambiguate-add-year-suffix", "cite-group-delimiter", "collapse", "year-suffix-delimiter",
            "after-collapse-delimiter", "near-note-distance"], InheritableNameOptions),
        ["bibliography"] = With(["hanging-indent", "second-field-align", "line-spacing", "entry-spacing",
            "subsequent-author-substitute", "subsequent-author-substitute-rule"], InheritableNameOptions),
        ["sort"] = [], ["key"] = ["variable", "macro", "sort", "names-min", "names-use-first", "names-use-last"],
        ["layout"] = With(["delimiter"], Affixes, Formatting),
        ["text"] = With(["variable", "form", "macro", "term", "plural", "value", "display", "quotes", "strip-periods",
            "text-case"], Affixes, Formatting),
        ["date"] = With(["variable", "form", "date-parts", "delimiter", "display", "text-case"], Affixes, Formatting),
        ["date-part"] = With(["name", "form", "range-delimiter", "text-case", "strip-periods"], Affixes, Formatting),
        ["number"] = With(["variable", "form", "display", "text-case"], Affixes, Formatting),
        ["names"] = With(["variable", "delimiter", "display"], Affixes, Formatting),
        ["name-part"] = With(["name", "text-case"], Affixes, Formatting),
        ["et-al"] = With(["term"], Formatting),
        ["substitute"] = [],
        ["label"] = With(["variable", "form", "plural", "text-case", "strip-periods"], Affixes, Formatting),
        ["group"] = With(["delimiter", "display"], Affixes, Formatting),
        ["choose"] = [],
        ["if"] = ["type", "variable", "is-numeric", "is-uncertain-date", "locator", "position", "disambiguate", "match"],
        ["else-if"] = ["type", "variable", "is-numeric", "is-uncertain-date", "locator", "position", "disambiguate", "match"],
        ["else"] = [],
    };

    /// <summary>Attributes whose value is one of a closed list (a space-separated list for a few).</summary>
    public static readonly Dictionary<string, string[]> Values = new(StringComparer.Ordinal)
    {
        ["text-case"] = ["lowercase", "uppercase", "capitalize-first", "capitalize-all", "sentence", "title"],
        ["match"] = ["all", "any", "none"],
        ["font-style"] = ["normal", "italic", "oblique"],
        ["font-variant"] = ["normal", "small-caps"],
        ["font-weight"] = ["normal", "bold", "light"],
        ["text-decoration"] = ["none", "underline"],
        ["vertical-align"] = ["baseline", "sup", "sub"],
        ["display"] = ["block", "left-margin", "right-inline", "indent"],
        ["quotes"] = ["true", "false"],
        ["strip-periods"] = ["true", "false"],
        ["initialize"] = ["true", "false"],
        ["initialize-with-hyphen"] = ["true", "false"],
        ["hanging-indent"] = ["true", "false"],
        ["et-al-use-last"] = ["true", "false"],
        ["punctuation-in-quote"] = ["true", "false"],
        ["disambiguate-add-names"] = ["true", "false"],
        ["disambiguate-add-givenname"] = ["true", "false"],
        ["disambiguate-add-year-suffix"] = ["true", "false"],
        ["and"] = ["text", "symbol"],
        ["delimiter-precedes-et-al"] = ["contextual", "after-inverted-name", "always", "never"],
        ["delimiter-precedes-last"] = ["contextual", "after-inverted-name", "always", "never"],
        ["name-as-sort-order"] = ["first", "all"],
        ["page-range-format"] = ["chicago", "chicago-15", "chicago-16", "expanded", "minimal", "minimal-two"],
        ["demote-non-dropping-particle"] = ["never", "sort-only", "display-and-sort"],
        ["class"] = ["in-text", "note"],
        ["second-field-align"] = ["flush", "margin"],
        ["collapse"] = ["citation-number", "year", "year-suffix", "year-suffix-ranged"],
        ["givenname-disambiguation-rule"] =
            ["all-names", "all-names-with-initials", "primary-name", "primary-name-with-initials", "by-cite"],
        ["date-parts"] = ["year-month-day", "year-month", "year"],
        ["sort"] = ["ascending", "descending"],
        ["position"] = ["first", "ibid", "ibid-with-locator", "subsequent", "near-note"],
    };

    /// <summary>Values that depend on the element: the forms and names each one accepts.</summary>
    public static readonly Dictionary<(string Element, string Attribute), string[]> ElementValues = new()
    {
        [("text", "form")] = ["long", "short", "verb", "verb-short", "symbol"],
        [("label", "form")] = ["long", "short", "verb", "verb-short", "symbol"],
        [("term", "form")] = ["long", "short", "verb", "verb-short", "symbol"],
        [("number", "form")] = ["numeric", "ordinal", "long-ordinal", "roman"],
        [("date", "form")] = ["text", "numeric"],
        [("name", "form")] = ["long", "short", "count"],
        [("date-part", "name")] = ["day", "month", "year"],
        [("name-part", "name")] = ["given", "family"],
        [("term", "match")] = ["last-digit", "last-two-digits", "whole-number"],
        [("text", "plural")] = ["true", "false"],
        [("label", "plural")] = ["contextual", "always", "never"],
    };
}

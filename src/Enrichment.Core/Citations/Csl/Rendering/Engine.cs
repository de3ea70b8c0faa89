using System.Globalization;
using Enrichment.Core.Citations.Csl.Model;
using Enrichment.Core.Citations.Csl.Output;
using Enrichment.Core.Records;

namespace Enrichment.Core.Citations.Csl.Rendering;

/// <summary>
/// Renders the compiled element tree of one style in one locale. Stateless between items apart from
/// caches, so one engine serves every render of its style.
/// </summary>
internal sealed partial class Engine
{
    public Engine(CslStyle style, CslLocale locale)
    {
        Style = style;
        Locale = locale;
        // The style's own language decides title case even when only another locale is at hand.
        var lang = style.DefaultLocale ?? locale.Language ?? "en-US";
        English = lang.StartsWith("en", StringComparison.OrdinalIgnoreCase);
        Quotes = new QuoteMarks(
            TermText("open-quote") ?? "\u201c",
            TermText("close-quote") ?? "\u201d",
            TermText("open-inner-quote") ?? "\u2018",
            TermText("close-inner-quote") ?? "\u2019",
            locale.PunctuationInQuote);
        DemoteParticle = AttributeValues.ParseParticleDemotion(style.Option("demote-non-dropping-particle"));
        InitializeWithHyphen = style.Option("initialize-with-hyphen") != "false";
        PageRangeFormat = style.Option("page-range-format");
    }

    public CslStyle Style { get; }
    public CslLocale Locale { get; }
    public bool English { get; }
    public QuoteMarks Quotes { get; }
    public ParticleDemotion DemoteParticle { get; }
    public bool InitializeWithHyphen { get; }
    public string? PageRangeFormat { get; }

    /// <summary>Item or locale text with its markup read, nested no deeper than the style's limit allows.</summary>
    public Node Rich(string text) => RichText.Parse(text, Style.Limits.MaxRichTextDepth);

    public string? TermText(string name, string form = "long", bool plural = false)
    {
        var term = Locale.Term(name, form);
        return term is null ? null : plural ? term.Multiple : term.Single;
    }

    // ---------- element dispatch ----------

    // Rendering recurses over the style tree (children, groups, choose branches, macro calls). That is safe
    // because CslStyle.Load refused any style nesting deeper than CslLimits.MaxElementDepth, macros expanded
    // and cycles refused (StyleBounds); the output tree is as deep as that plus CslLimits.MaxRichTextDepth.
    public void RenderChildren(IReadOnlyList<Element> children, Ctx c, List<Node> output)
    {
        foreach (var child in children)
        {
            Render(child, c, output);
        }
    }

    public Node? Render(Element element, Ctx c)
    {
        var output = new List<Node>();
        Render(element, c, output);
        return output.Count == 0 ? null : output.Count == 1 ? output[0] : Node.Of(output);
    }

    public void Render(Element element, Ctx c, List<Node> output)
    {
        Node? node = element switch
        {
            TextElement t => RenderText(t, c),
            NumberElement n => RenderNumber(n, c),
            LabelElement l => RenderLabel(l, c),
            DateElement d => RenderDate(d, c),
            NamesElement n => RenderNames(n, c),
            GroupElement g => RenderGroup(g, c),
            ChooseElement ch => RenderChoose(ch, c, output),
            _ => null,
        };
        if (node is not null && !node.IsEmpty)
        {
            output.Add(node);
        }
    }

    private Node? RenderChoose(ChooseElement choose, Ctx c, List<Node> output)
    {
        foreach (var branch in choose.Branches)
        {
            if (Matches(branch, c))
            {
                RenderChildren(branch.Children, c, output);
                return null;
            }
        }

        return null;
    }

    private Node? RenderGroup(GroupElement group, Ctx c)
    {
        var calledBefore = c.Called;
        var renderedBefore = c.Rendered;
        c.Called = 0;
        c.Rendered = 0;
        var kids = new List<Node>();
        RenderChildren(group.Children, c, kids);
        var called = c.Called;
        var rendered = c.Rendered;
        c.Called = calledBefore + called;
        c.Rendered = renderedBefore + rendered;
        if ((called > 0 && rendered == 0) || kids.Count == 0)
        {
            return null;
        }

        // A non-empty nested group counts as a non-empty variable for the group around it (CSL 1.0.2, Group),
        // even when it holds only terms and values.
        if (rendered == 0)
        {
            c.Called++;
            c.Rendered++;
        }

        var node = Node.Of(kids, group.Delimiter);
        return Finish(node, group.Decor, c);
    }

    /// <summary>Applies text-case, strip-periods, formatting, quotes and affixes of an element.</summary>
    public Node Finish(Node content, Decor d, Ctx? c = null)
    {
        if (d.StripPeriods)
        {
            StripPeriods(content);
        }

        if (d.TextCase is { } letterCase and not LetterCase.Unrecognized)
        {
            TextCase.Apply(content, letterCase, c is null ? English : IsEnglish(c));
        }

        if (d == Decor.None)
        {
            return content;
        }

        return content.Decorate(d);
    }

    /// <summary>Title case applies to English items: the item's language when it has one, else the locale's.</summary>
    private bool IsEnglish(Ctx c)
    {
        var language = c.Item.Get("language");
        return string.IsNullOrEmpty(language) ? English : language.StartsWith("en", StringComparison.OrdinalIgnoreCase);
    }

    private static void StripPeriods(Node node)
    {
        if (node.Text is not null)
        {
            node.Text = node.Text.Replace(".", "", StringComparison.Ordinal);
        }
        else if (node.Kids is not null)
        {
            foreach (var kid in node.Kids)
            {
                StripPeriods(kid);
            }
        }
    }

    // ---------- text ----------

    private Node? RenderText(TextElement t, Ctx c)
    {
        switch (t.Source)
        {
            case TextSource.Value:
                return Finish(Rich(t.Name), t.Decor);
            case TextSource.Term:
            {
                var text = TermText(t.Name, t.Form, t.Plural);
                if (string.IsNullOrEmpty(text))
                {
                    return null;
                }

                var term = Rich(text);
                term.IsTerm = true;
                return Finish(term, t.Decor, c);
            }

            case TextSource.Macro:
            {
                if (t.Macro is null)
                {
                    return null;
                }

                // citeproc-js treats a macro like a group: terms alone do not make it render.
                var calledBefore = c.Called;
                var renderedBefore = c.Rendered;
                c.Called = 0;
                c.Rendered = 0;
                var kids = new List<Node>();
                RenderChildren(t.Macro.Children, c, kids);
                var called = c.Called;
                var rendered = c.Rendered;
                c.Called = calledBefore + called;
                c.Rendered = renderedBefore + rendered;
                if (called > 0 && rendered == 0)
                {
                    return null;
                }

                if (kids.Count > 0 && called == 0)
                {
                    // A macro that printed only terms still counts as content for its group.
                    c.Called++;
                    c.Rendered++;
                }

                return kids.Count == 0 ? null : Finish(Node.Of(kids), t.Decor, c);
            }

            default:
                return RenderVariable(t, c);
        }
    }

    private Node? RenderVariable(TextElement t, Ctx c)
    {
        var name = t.Name;
        c.Called++;
        if (c.IsSuppressed(name))
        {
            return null;
        }

        string? value;
        var rich = true;
        switch (name)
        {
            case "citation-number":
                value = c.State.CitationNumber > 0 ? c.State.CitationNumber.ToString(CultureInfo.InvariantCulture) : null;
                break;
            case "year-suffix":
                value = c.State.YearSuffix;
                c.RenderedYearSuffix = true;
                break;
            case "locator":
                value = c.Cite?.Locator?.Trim();
                if (value is not null)
                {
                    // Page locators follow page-range-format like the page variable.
                    value = (c.Cite?.Label ?? "page") == "page" && PageRangeFormat is not null
                        ? PageRange.Format(value, PageRangeFormat, RangeDelimiter)
                        : Numbers.Ranges(value, RangeDelimiter);
                }

                break;
            case "first-reference-note-number":
                value = c.Cite?.FirstReferenceNoteNumber?.ToString(CultureInfo.InvariantCulture);
                break;
            case "page":
                value = c.Item.Get("page");
                if (value is not null)
                {
                    value = PageRange.Format(value, PageRangeFormat, RangeDelimiter);
                }

                break;
            case "citation-label":
                value = c.Item.Get("citation-label") ?? Trigraph(c.Item);
                if (value is not null && c.State.YearSuffix is not null)
                {
                    value += c.State.YearSuffix;
                    c.RenderedYearSuffix = true;
                }

                break;
            case "page-first":
                value = c.Item.Get("page-first") ?? FirstPage(c.Item.Get("page"));
                break;
            case "URL":
            case "DOI":
            case "PMID":
            case "PMCID":
                value = c.Item.Get(name);
                rich = false;
                break;
            case "volume":
            case "issue":
            case "number":
            case "edition":
            case "chapter-number":
            case "collection-number":
            case "number-of-pages":
            case "number-of-volumes":
                value = c.Item.Get(name);
                if (value is not null && Numbers.IsNumeric(value))
                {
                    value = Numbers.Ranges(value, RangeDelimiter);
                }

                break;
            default:
                value = Value(c.Item, name, t.Form);
                break;
        }

        if (string.IsNullOrEmpty(value))
        {
            if (name == "year-suffix")
            {
                // citeproc-js: an empty year-suffix does not make its group empty.
                c.Called--;
            }

            return null;
        }

        c.Rendered++;
        c.Record(name);
        return Finish(rich ? Rich(value) : Node.Leaf(value), t.Decor, c);
    }

    private string? _rangeDelimiter;

    /// <summary>The locale's page-range-delimiter term (an en dash unless a locale says otherwise).</summary>
    public string RangeDelimiter => _rangeDelimiter ??= TermText("page-range-delimiter") ?? "\u2013";

    /// <summary>citeproc-js's default citation label: Aaaa00, AaAa00, AaAA00, AAAA00 by the number of names.</summary>
    private static string? Trigraph(Reference item)
    {
        System.Collections.Immutable.ImmutableArray<PersonName> names = default;
        foreach (var variable in new[] { "author", "editor", "translator" })
        {
            names = item.GetNames(variable);
            if (!names.IsDefaultOrEmpty)
            {
                break;
            }
        }

        if (names.IsDefaultOrEmpty)
        {
            return null;
        }

        static string Take(PersonName n, int count)
        {
            // The family name proper: a particle written into it ("von Dipheria") is not part of the label.
            var family = (Particles.Split(n).Family ?? n.Literal ?? "").Replace(" ", "", StringComparison.Ordinal);
            return family.Length <= count ? family : family[..count];
        }

        var sb = new System.Text.StringBuilder();
        switch (names.Length)
        {
            case 1:
                sb.Append(Take(names[0], 4));
                break;
            case 2:
                sb.Append(Take(names[0], 2)).Append(Take(names[1], 2));
                break;
            case 3:
                sb.Append(Take(names[0], 2)).Append(Take(names[1], 1)).Append(Take(names[2], 1));
                break;
            default:
                for (var i = 0; i < 4; i++)
                {
                    sb.Append(Take(names[i], 1));
                }

                break;
        }

        if (item.GetDate("issued") is { } date && Normalise(date).Year is { } year)
        {
            sb.Append((year % 100).ToString("D2", CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }

    private static string? FirstPage(string? page)
    {
        if (page is null)
        {
            return null;
        }

        var end = page.AsSpan().IndexOfAny("-\u2013,& ");
        return end < 0 ? page : end == 0 ? null : page[..end];
    }

    /// <summary>A standard variable's value, with the short-form fallbacks CSL defines.</summary>
    public static string? Value(Reference item, string name, string form = "long")
    {
        if (form == "short")
        {
            var shortValue = item.Get(name + "-short");
            if (!string.IsNullOrEmpty(shortValue))
            {
                return shortValue;
            }
        }

        return item.Get(name);
    }

    // ---------- number ----------

    private Node? RenderNumber(NumberElement n, Ctx c)
    {
        c.Called++;
        if (c.IsSuppressed(n.Variable))
        {
            return null;
        }

        var value = n.Variable == "locator" ? c.Cite?.Locator
            : n.Variable == "citation-number" ? (c.State.CitationNumber > 0 ? c.State.CitationNumber.ToString(CultureInfo.InvariantCulture) : null)
            : n.Variable == "page-first" ? c.Item.Get("page-first") ?? FirstPage(c.Item.Get("page"))
            : c.Item.Get(n.Variable);
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        c.Rendered++;
        c.Record(n.Variable);
        var text = Numbers.IsNumeric(value) ? Numbers.Format(value, n.Form, this, n.Variable) : Numbers.Ranges(value, RangeDelimiter);
        return Finish(Rich(text), n.Decor);
    }

    // ---------- label ----------

    private Node? RenderLabel(LabelElement l, Ctx c)
    {
        if (l.Variable is null)
        {
            return null;
        }

        string? value;
        string termName;
        if (l.Variable == "locator")
        {
            value = c.Cite?.Locator;
            termName = (c.Cite?.Label ?? "page").Replace(' ', '-');

        }
        else
        {
            value = c.Item.Get(l.Variable);
            termName = l.Variable switch
            {
                "number-of-pages" => "page",
                "number-of-volumes" => "volume",
                _ => l.Variable,
            };
        }

        if (string.IsNullOrEmpty(value) || c.IsSuppressed(l.Variable))
        {
            return null;
        }

        var plural = l.Plural switch
        {
            LabelPlural.Always => true,
            LabelPlural.Never => false,
            _ => l.Variable is "number-of-pages" or "number-of-volumes"
                ? Numbers.LeadingInt(value) > 1
                : Numbers.IsPluralValue(value),
        };
        var text = TermText(termName, l.Form, plural);
        return string.IsNullOrEmpty(text) ? null : Finish(Rich(text), l.Decor);
    }

    // ---------- conditions ----------

    private bool Matches(ChooseBranch branch, Ctx c)
    {
        if (branch.Conditions.Count == 0)
        {
            return true; // cs:else
        }

        var match = branch.Match;
        foreach (var condition in branch.Conditions)
        {
            foreach (var value in condition.Values)
            {
                var result = Test(condition.Kind, value, c);
                if (match == ConditionMatch.Any && result)
                {
                    return true;
                }

                if (match == ConditionMatch.None && result)
                {
                    return false;
                }

                if (match == ConditionMatch.All && !result)
                {
                    return false;
                }
            }
        }

        return match != ConditionMatch.Any;
    }

    private bool Test(ConditionKind kind, string value, Ctx c)
    {
        switch (kind)
        {
            case ConditionKind.Type:
                return c.Item.Type == value;
            case ConditionKind.Variable:
                return HasVariable(c, value);
            case ConditionKind.IsNumeric:
            {
                var v = value == "locator" ? c.Cite?.Locator : c.Item.Get(value);
                return v is not null && Numbers.IsNumeric(v);
            }

            case ConditionKind.IsUncertainDate:
                return c.Item.GetDate(value)?.Circa == true;
            case ConditionKind.Locator:
                return c.Cite?.Locator is not null && (c.Cite.Label ?? "page") == value;
            case ConditionKind.Position:
                return TestPosition(value, c);
            case ConditionKind.Disambiguate:
                // Cites switch their conditions on one at a time (Session.DisambiguateConditions); entries take all.
                return (value == "true") == (c.State.Disambiguate && (c.Bib || c.DisambiguateConditions++ < c.State.DisambiguateLimit));
            default:
                return false;
        }
    }

    private static bool TestPosition(string value, Ctx c)
    {
        if (c.Bib || c.Cite is null)
        {
            return false;
        }

        var p = c.Cite.Position;
        return value switch
        {
            "first" => p == 0,
            "subsequent" => p > 0,
            "ibid" => p >= 2,
            "ibid-with-locator" => p == 3,
            "near-note" => p > 0 && c.Cite.NearNote,
            _ => false,
        };
    }

    /// <summary>
    /// Whether the item has the variable. A variable suppressed because a cs:substitute used it still counts:
    /// the specification suppresses it in the output and for group suppression, not for conditions (styles
    /// test variable="author" after substituting it for a composer, e.g. to print "In").
    /// </summary>
    private static bool HasVariable(Ctx c, string name)
    {
        switch (name)
        {
            case "locator":
                return c.Cite?.Locator is not null;
            case "citation-number":
                return c.State.CitationNumber > 0;
            case "year-suffix":
                return c.State.YearSuffix is not null;
            case "first-reference-note-number":
                return c.Cite?.FirstReferenceNoteNumber is not null;
        }

        if (!string.IsNullOrEmpty(c.Item.Get(name)))
        {
            return true;
        }

        if (c.Item.Names.TryGetValue(name, out var names) && names.Length > 0)
        {
            return true;
        }

        if (c.Item.Dates.TryGetValue(name, out var date))
        {
            return !date.Parts.IsDefaultOrEmpty || date.Literal is not null || date.Raw is not null || date.Season is not null;
        }

        return false;
    }
}

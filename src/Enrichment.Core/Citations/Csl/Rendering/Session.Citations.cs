using Enrichment.Core.Citations.Csl.Model;
using Enrichment.Core.Citations.Csl.Output;
using Enrichment.Core.Records;

namespace Enrichment.Core.Citations.Csl.Rendering;

/// <summary>Rendering a citation: its cites in order, each with its affixes, under the citation layout.</summary>
internal sealed partial class Session
{
    /// <summary>What a citation's first cite prints when the style gives it no text at all.</summary>
    internal const string NoPrintedForm = "[CSL STYLE ERROR: reference with no printed form.]";

    public string RenderCitation(IReadOnlyList<CitationItem> items, bool html)
    {
        var cites = new List<CiteInfo>();
        var refs = new List<Reference>();
        foreach (var item in items)
        {
            refs.Add(item.Item);
            cites.Add(new CiteInfo
            {
                Locator = item.Locator, Label = item.Label, Prefix = item.Prefix, Suffix = item.Suffix,
                SuppressAuthor = item.SuppressAuthor, AuthorOnly = item.AuthorOnly,
            });
        }

        return RenderCitation(refs, cites, html);
    }

    public string RenderCitation(IReadOnlyList<Reference> refs, IReadOnlyList<CiteInfo> cites, bool html)
    {
        var node = CitationNode(refs, cites);
        return node is null ? "" : Serializer.Render(node, html, _e.Quotes);
    }

    private Node? CitationNode(IReadOnlyList<Reference> refs, IReadOnlyList<CiteInfo> cites)
    {
        var mode = _e.Style.Citation;
        if (mode is null)
        {
            return null;
        }

        var order = mode.Sort.Count > 0 && refs.Count > 1 ? SortCites(refs, cites) : Enumerable.Range(0, refs.Count).ToList();
        var collapse = mode.Option("collapse");
        var layoutDelimiter = mode.Layout.Delimiter ?? "";

        // Cite grouping: cites by the same author are moved together, and collapsed when asked.
        var grouping = collapse is "year" or "year-suffix" or "year-suffix-ranged" || mode.Option("cite-group-delimiter") is not null;
        var rendered = RenderEachCite(refs, cites, mode, order);
        if (grouping)
        {
            rendered = GroupByNames(rendered);
        }

        if (collapse == "citation-number" && rendered.Count > 1)
        {
            return FinishLayout(CollapseNumbers(rendered, refs, cites, mode, layoutDelimiter), mode);
        }

        return FinishLayout(JoinCites(rendered, refs, cites, mode, collapse, grouping, layoutDelimiter), mode);
    }

    /// <summary>Each cite under the citation layout, in <paramref name="order"/>, with the names it opens with (for grouping).</summary>
    private List<(Node Node, string Names, int Index)> RenderEachCite(IReadOnlyList<Reference> refs, IReadOnlyList<CiteInfo> cites,
        ModeElement mode, List<int> order)
    {
        var rendered = new List<(Node Node, string Names, int Index)>();
        foreach (var i in order)
        {
            var ctx = NewCiteCtx(refs[i], cites[i], mode);
            var kids = new List<Node>();
            _e.RenderChildren(mode.Layout.Children, ctx, kids);
            var names = ctx.FirstNames is null ? "" : Serializer.Render(ctx.FirstNames, false, _e.Quotes);
            var citeNode = Node.Of(kids);
            if (rendered.Count == 0 && !cites[i].SuppressAuthor && citeNode.IsEmpty)
            {
                // A first cite that prints nothing says so instead of leaving an empty citation (as the test
                // suite expects, e.g. date_DateNoDateNoTest); later empty cites drop out.
                citeNode = Node.Leaf(NoPrintedForm);
            }

            if (_e.Style.Class == "note" && StartsSentence(cites[i].Prefix, rendered.Count == 0))
            {
                CapitalizeLeadingTerm(citeNode);
            }

            rendered.Add((citeNode, names, i));
        }

        return rendered;
    }

    /// <summary>
    /// The rendered cites joined by the layout's delimiter; with cite grouping, a group's later cites are joined
    /// by cite-group-delimiter and, when collapsing by year, printed without their names (or as a year-suffix alone).
    /// </summary>
    private Node JoinCites(List<(Node Node, string Names, int Index)> rendered, IReadOnlyList<Reference> refs,
        IReadOnlyList<CiteInfo> cites, ModeElement mode, string? collapse, bool grouping, string layoutDelimiter)
    {
        var pieces = new List<Node>();
        var collapseYear = collapse is "year" or "year-suffix" or "year-suffix-ranged";
        // cite-group-delimiter defaults to ", " for in-text citations (the spec describes grouping for them); a
        // note style that collapses without setting it keeps the layout delimiter. Collapsed year-suffixes are
        // cites of the group too: an explicit cite-group-delimiter is their default before the layout's.
        var explicitGroupDelimiter = mode.Option("cite-group-delimiter");
        var groupDelimiter = explicitGroupDelimiter ?? (_e.Style.Class == "note" ? layoutDelimiter : ", ");
        var previousSuffixOnly = false;
        var yearSuffixDelimiter = mode.Option("year-suffix-delimiter") ?? explicitGroupDelimiter ?? layoutDelimiter;
        var afterCollapseDelimiter = mode.Option("after-collapse-delimiter") ?? layoutDelimiter;
        string? previousYearKey = null;
        var groupSize = 0;
        var suffixRun = new List<(int PieceIndex, char Letter)>();
        for (var r = 0; r < rendered.Count; r++)
        {
            var (node, names, index) = rendered[r];
            var cite = cites[index];
            var state = _states[refs[index].Id];
            var sameGroup = grouping && r > 0 && rendered[r - 1].Names == names;
            var suffixOnly = false;
            string? delimiter = null;
            if (sameGroup && collapseYear)
            {
                // Same author as the previous cite: the names are given once.
                var yearKey = RenderWithoutNames(refs[index], cite, mode, withoutSuffix: true);
                if (collapse != "year" && state.YearSuffix is not null && cite.Locator is null && yearKey == previousYearKey)
                {
                    suffixOnly = true;
                    node = Node.Leaf(state.YearSuffix);
                }
                else
                {
                    node = RenderWithoutNamesNode(refs[index], cite, mode);
                }

                previousYearKey = yearKey;
                var previousCite = cites[rendered[r - 1].Index];
                delimiter = suffixOnly ? yearSuffixDelimiter
                    : previousCite.Locator is not null || previousCite.Suffix is not null || previousSuffixOnly ? layoutDelimiter
                    : groupDelimiter;
                previousSuffixOnly = suffixOnly;
                groupSize++;
            }
            else if (sameGroup)
            {
                delimiter = groupDelimiter;
                groupSize++;
            }
            else
            {
                if (r > 0)
                {
                    delimiter = collapseYear && groupSize > 1 ? afterCollapseDelimiter : layoutDelimiter;
                }

                CloseSuffixRun(pieces, suffixRun, collapse);
                groupSize = 1;
                previousSuffixOnly = false;
                previousYearKey = collapseYear && grouping ? RenderWithoutNames(refs[index], cite, mode, withoutSuffix: true) : null;
            }

            if (node.IsEmpty)
            {
                continue;
            }

            if (delimiter is not null && pieces.Count > 0 && !StartsWithPunctuation(cite.Prefix))
            {
                // A cite suffix ending in punctuation takes the place of the delimiter's own.
                var previousSuffix = r > 0 ? cites[rendered[r - 1].Index].Suffix : null;
                if (previousSuffix is { Length: > 0 } && previousSuffix[^1] is ',' or '.' or ';' or ':'
                    && delimiter.Length > 0 && delimiter[0] is ',' or '.' or ';' or ':')
                {
                    delimiter = delimiter[1..];
                }

                pieces.Add(Node.Leaf(delimiter));
            }

            if (state.YearSuffix is { Length: 1 } letter && collapse == "year-suffix-ranged")
            {
                if (!suffixOnly)
                {
                    CloseSuffixRun(pieces, suffixRun, collapse);
                }

                suffixRun.Add((pieces.Count, letter[0]));
            }

            pieces.Add(WithCiteAffixes(node, cite));
        }

        CloseSuffixRun(pieces, suffixRun, collapse);
        pieces.RemoveAll(p => p.Text == "\u0000");
        return Node.Of(pieces);
    }

    private string RenderWithoutNames(Reference item, CiteInfo cite, ModeElement mode, bool withoutSuffix)
    {
        var state = _states[item.Id];
        var suffix = state.YearSuffix;
        if (withoutSuffix)
        {
            state.YearSuffix = null;
        }

        try
        {
            return RenderWithoutNamesNode(item, cite, mode).ToPlain();
        }
        finally
        {
            state.YearSuffix = suffix;
        }
    }

    private Node RenderWithoutNamesNode(Reference item, CiteInfo cite, ModeElement mode)
    {
        var ctx = NewCiteCtx(item, cite, mode);
        ctx.SuppressNamesOnce = true;
        var kids = new List<Node>();
        _e.RenderChildren(mode.Layout.Children, ctx, kids);
        return Node.Of(kids);
    }

    private static bool StartsWithPunctuation(string? prefix) =>
        !string.IsNullOrEmpty(prefix) && prefix[0] is ',' or '.' or ';' or ':';

    private static bool StartsSentence(string? prefix, bool firstInCitation)
    {
        if (string.IsNullOrEmpty(prefix))
        {
            return firstInCitation;
        }

        var trimmed = prefix.TrimEnd().TrimEnd('\u201d', '\u2019', '"');
        if (trimmed.Length == 0)
        {
            return firstInCitation;
        }

        // "Nocapsafter. " is an abbreviation; "Caps after. " ends a sentence.
        return trimmed[^1] is '!' or '?' || (trimmed[^1] == '.' && trimmed.Contains(' ', StringComparison.Ordinal));
    }

    /// <summary>Capitalises a locale term that opens a cite ("ibid." to "Ibid.").</summary>
    private static bool CapitalizeLeadingTerm(Node node)
    {
        if (node.IsEmpty)
        {
            return false;
        }

        if (node.Prefix is { Length: > 0 } prefix && prefix.Any(char.IsLetterOrDigit))
        {
            return true;
        }

        if (node.IsTerm)
        {
            var leaves = new List<Node>();
            node.Leaves(leaves);
            foreach (var leaf in leaves)
            {
                if (!string.IsNullOrEmpty(leaf.Text))
                {
                    leaf.Text = char.ToUpperInvariant(leaf.Text[0]) + leaf.Text[1..];
                    break;
                }
            }

            return true;
        }

        if (node.Text is not null)
        {
            return true;
        }

        foreach (var kid in node.Kids!)
        {
            if (!kid.IsEmpty)
            {
                return CapitalizeLeadingTerm(kid);
            }
        }

        return true;
    }

    private Node WithCiteAffixes(Node node, CiteInfo cite)
    {
        if (cite.Prefix is null && cite.Suffix is null)
        {
            return node;
        }

        var kids = new List<Node>();
        if (!string.IsNullOrEmpty(cite.Prefix))
        {
            kids.Add(_e.Rich(cite.Prefix));
        }

        kids.Add(node);
        if (!string.IsNullOrEmpty(cite.Suffix))
        {
            kids.Add(_e.Rich(cite.Suffix));
        }

        return Node.Of(kids);
    }

    private static Node FinishLayout(Node body, ModeElement mode) => LayoutDecorate(body, mode.Layout.Decor);

    /// <summary>Layout affixes sit inside the layout's formatting (citeproc-js does so).</summary>
    private static Node LayoutDecorate(Node body, Decor d)
    {
        if (d == Decor.None)
        {
            return body;
        }

        var inner = new Node
        {
            Kids = [body],
            Prefix = string.IsNullOrEmpty(d.Prefix) ? null : d.Prefix,
            Suffix = string.IsNullOrEmpty(d.Suffix) ? null : d.Suffix,
        };
        return new Node
        {
            Kids = [inner],
            FontStyle = d.FontStyle, FontVariant = d.FontVariant, FontWeight = d.FontWeight,
            TextDecoration = d.TextDecoration, VerticalAlign = d.VerticalAlign, Display = d.Display,
        };
    }

    private Ctx NewCiteCtx(Reference item, CiteInfo cite, ModeElement mode) => new()
    {
        E = _e, Item = item, State = _states[item.Id], Mode = mode, Bib = false, Cite = cite,
        SuppressNamesOnce = cite.SuppressAuthor,
    };
}

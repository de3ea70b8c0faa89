using System.Globalization;
using Enrichment.Core.Citations.Csl.Model;
using Enrichment.Core.Citations.Csl.Output;
using Enrichment.Core.Records;

namespace Enrichment.Core.Citations.Csl.Rendering;

/// <summary>Bibliography entries and their layout.</summary>
internal sealed partial class Session
{
    public string RenderEntryAlone(Reference item, bool html)
    {
        var mode = _e.Style.Bibliography!;
        _states[item.Id].CitationNumber = 1;
        var node = EntryNode(item, mode, out _);
        return node is null ? "" : Serializer.Render(node, html, _e.Quotes);
    }

    public List<string> RenderBibliography(bool html)
    {
        var result = new List<string>();
        var mode = _e.Style.Bibliography;
        if (mode is null)
        {
            return result;
        }

        var sas = mode.Option("subsequent-author-substitute");
        var sasRule = mode.Option("subsequent-author-substitute-rule") ?? "complete-all";
        var byName = sas is not null && sasRule != "complete-all";
        string? previousNames = null;
        string[]? previousPieces = null;
        foreach (var item in BibliographyOrder())
        {
            var ctx = NewBibCtx(item, mode, byName);
            var node = EntryBody(ctx, mode);
            if (node is not null)
            {
                CapitalizeLeadingTerm(node);
            }

            if (node is null || node.IsEmpty)
            {
                // An item with nothing to print has no entry.
                continue;
            }

            if (sas is not null && ctx.FirstNames is { } namesNode)
            {
                var names = Serializer.Render(namesNode, false, _e.Quotes);
                var pieces = byName ? PieceTexts(ctx.FirstNamePieces) : null;
                SubstituteNames(sas, sasRule, namesNode, names == previousNames, ctx.FirstNamePieces, pieces, previousPieces);
                previousNames = names;
                previousPieces = pieces;
            }
            else
            {
                previousNames = null;
                previousPieces = null;
            }

            result.Add(Serializer.Render(WrapEntry(node, mode, ctx), html, _e.Quotes));
        }

        return result;
    }

    /// <summary>
    /// subsequent-author-substitute (CSL 1.0.2): complete-all replaces the whole list when it matches the previous
    /// entry's; complete-each then replaces each name; partial-each replaces the names that match from the first
    /// on; partial-first only the first of those. Output that is no name list (a substituted title) counts as one name.
    /// </summary>
    private void SubstituteNames(string sas, string rule, Node namesNode, bool allMatch, Node[]? namePieces,
        string[]? pieces, string[]? previousPieces)
    {
        if (rule == "complete-all" || namePieces is null || pieces is null)
        {
            if (allMatch)
            {
                Replace(namesNode, sas);
            }

            return;
        }

        var count = 0;
        if (rule.StartsWith("complete", StringComparison.Ordinal))
        {
            count = allMatch ? namePieces.Length : 0;
        }
        else if (previousPieces is not null)
        {
            while (count < pieces.Length && count < previousPieces.Length && pieces[count] == previousPieces[count])
            {
                count++;
            }

            if (rule == "partial-first")
            {
                count = Math.Min(count, 1);
            }
        }

        for (var i = 0; i < count; i++)
        {
            Replace(namePieces[i], sas);
        }

        static void Replace(Node node, string sas)
        {
            node.Kids = sas.Length == 0 ? [] : [Node.Leaf(sas)];
            node.Text = null;
        }
    }

    private string[]? PieceTexts(Node[]? namePieces)
    {
        if (namePieces is null)
        {
            return null;
        }

        var texts = new string[namePieces.Length];
        for (var i = 0; i < namePieces.Length; i++)
        {
            texts[i] = Serializer.Render(namePieces[i], false, _e.Quotes);
        }

        return texts;
    }

    private Ctx NewBibCtx(Reference item, ModeElement mode, bool keepNamePieces = false) => new()
    {
        E = _e, Item = item, State = _states[item.Id], Mode = mode, Bib = true, KeepFirstNamePieces = keepNamePieces,
    };

    private Node? EntryNode(Reference item, ModeElement mode, out Ctx ctx)
    {
        ctx = NewBibCtx(item, mode);
        var body = EntryBody(ctx, mode);
        if (body is not null)
        {
            CapitalizeLeadingTerm(body);
        }

        return body is null ? null : WrapEntry(body, mode, ctx);
    }

    private Node? EntryBody(Ctx ctx, ModeElement mode)
    {
        var kids = new List<Node>();
        _e.RenderChildren(mode.Layout.Children, ctx, kids);
        if (kids.Count == 0)
        {
            return null;
        }

        if (mode.Option("second-field-align") is not null && kids.Count > 1 && kids[0].Display is null && !HasDisplay(kids[1]))
        {
            var first = kids[0];
            var rest = Node.Of(kids.GetRange(1, kids.Count - 1));
            if (TakeOpeningStop(rest) is { } stop)
            {
                // An entry whose right column would open with a stop (". https://..." when nothing but the DOI
                // is known) ends the margin with it instead, as citeproc-js does: "(1).  https://...".
                first = new Node { Kids = [first], Suffix = stop };
            }

            first = new Node { Kids = [first], Display = "left-margin" };
            rest = new Node { Kids = [rest], Display = "right-inline" };
            return Node.Of([first, rest]);
        }

        return Node.Of(kids, mode.Layout.Delimiter);
    }

    /// <summary>Removes and returns the period, comma, colon or semicolon the node's output would start with.</summary>
    private static string? TakeOpeningStop(Node node)
    {
        // Bounded by the tree's depth (the style's nesting plus item markup), like every walk of the tree.
        if (!string.IsNullOrEmpty(node.Prefix))
        {
            var stop = OpeningStop(node.Prefix);
            if (stop is not null)
            {
                node.Prefix = node.Prefix[1..];
            }

            return stop;
        }

        if (node.Text is not null)
        {
            var stop = node.Text.Length == 0 ? null : OpeningStop(node.Text);
            if (stop is not null)
            {
                node.Text = node.Text[1..];
            }

            return stop;
        }

        foreach (var kid in node.Kids ?? [])
        {
            if (!kid.IsEmpty)
            {
                return TakeOpeningStop(kid);
            }
        }

        return null;
    }

    private static string? OpeningStop(string text) => text[0] is '.' or ',' or ':' or ';' ? text[..1] : null;

    private static bool HasDisplay(Node node) => node.Display is not null || (node.Kids is { Count: > 0 } kids && HasDisplay(kids[0]));

    private static Node WrapEntry(Node body, ModeElement mode, Ctx ctx)
    {
        var d = mode.Layout.Decor;
        if (d == Decor.None)
        {
            return body;
        }

        if (mode.Option("second-field-align") is not null && body.Kids is { Count: 2 })
        {
            // Layout affixes go inside the aligned blocks.
            var left = body.Kids[0];
            var right = body.Kids[1];
            if (d.Prefix is not null)
            {
                left.Kids = [new Node { Kids = left.Kids, Prefix = d.Prefix }];
            }

            if (d.Suffix is not null)
            {
                right.Kids = [new Node { Kids = right.Kids, Suffix = d.Suffix }];
            }

            return body;
        }

        if (!string.IsNullOrEmpty(d.Suffix) && LastShown(body) is { Display: not null } block)
        {
            // An entry ending in a display block takes the layout suffix inside that block: after the block it
            // would stand on a line of its own.
            var index = body.Kids!.IndexOf(block);
            body.Kids[index] = new Node { Kids = [block], Suffix = d.Suffix, Display = block.Display };
            block.Display = null;
            d = new Decor
            {
                Prefix = d.Prefix, FontStyle = d.FontStyle, FontVariant = d.FontVariant, FontWeight = d.FontWeight,
                TextDecoration = d.TextDecoration, VerticalAlign = d.VerticalAlign, Display = d.Display,
            };
        }

        return LayoutDecorate(body, d);
    }

    /// <summary>The last child of the entry body that prints anything.</summary>
    private static Node? LastShown(Node body)
    {
        if (body.Kids is not { } kids)
        {
            return null;
        }

        for (var i = kids.Count - 1; i >= 0; i--)
        {
            if (!kids[i].IsEmpty)
            {
                return kids[i];
            }
        }

        return null;
    }

    public static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);
}

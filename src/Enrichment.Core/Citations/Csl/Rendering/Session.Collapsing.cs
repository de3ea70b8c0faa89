using Enrichment.Core.Citations.Csl.Model;
using Enrichment.Core.Citations.Csl.Output;
using Enrichment.Core.Records;

namespace Enrichment.Core.Citations.Csl.Rendering;

/// <summary>Cite grouping and collapsing: cites by the same names together, number ranges, year-suffix ranges.</summary>
internal sealed partial class Session
{
    private Node CollapseNumbers(List<(Node Node, string Names, int Index)> rendered, IReadOnlyList<Reference> refs,
        IReadOnlyList<CiteInfo> cites, ModeElement mode, string layoutDelimiter)
    {
        var pieces = new List<Node>();
        var i = 0;
        while (i < rendered.Count)
        {
            var j = i;
            while (j + 1 < rendered.Count
                   && cites[rendered[j + 1].Index].Locator is null && cites[rendered[j].Index].Locator is null
                   && cites[rendered[j + 1].Index].Prefix is null && cites[rendered[j].Index].Suffix is null
                   && _states[refs[rendered[j + 1].Index].Id].CitationNumber == _states[refs[rendered[j].Index].Id].CitationNumber + 1)
            {
                j++;
            }

            if (pieces.Count > 0)
            {
                pieces.Add(Node.Leaf(layoutDelimiter));
            }

            if (j - i >= 2)
            {
                pieces.Add(WithCiteAffixes(rendered[i].Node, cites[rendered[i].Index]));
                pieces.Add(Node.Leaf("\u2013"));
                pieces.Add(WithCiteAffixes(rendered[j].Node, cites[rendered[j].Index]));
                i = j + 1;
            }
            else
            {
                pieces.Add(WithCiteAffixes(rendered[i].Node, cites[rendered[i].Index]));
                i++;
            }
        }

        return Node.Of(pieces);
    }

    private static List<(Node Node, string Names, int Index)> GroupByNames(List<(Node Node, string Names, int Index)> rendered)
    {
        var result = new List<(Node, string, int)>();
        var used = new bool[rendered.Count];
        for (var i = 0; i < rendered.Count; i++)
        {
            if (used[i])
            {
                continue;
            }

            used[i] = true;
            result.Add(rendered[i]);
            for (var j = i + 1; j < rendered.Count; j++)
            {
                if (!used[j] && rendered[j].Names == rendered[i].Names)
                {
                    used[j] = true;
                    result.Add(rendered[j]);
                }
            }
        }

        return result;
    }

    /// <summary>Turns three or more consecutive year-suffixes (a, b, c) into a range (a–c).</summary>
    private static void CloseSuffixRun(List<Node> pieces, List<(int PieceIndex, char Letter)> run, string? collapse)
    {
        if (collapse == "year-suffix-ranged")
        {
            var start = 0;
            while (start < run.Count)
            {
                var end = start;
                while (end + 1 < run.Count && run[end + 1].Letter == run[end].Letter + 1)
                {
                    end++;
                }

                if (end - start >= 2)
                {
                    // Drop the middle suffixes and their delimiters; the last one's delimiter becomes a dash.
                    for (var k = start + 1; k < end; k++)
                    {
                        pieces[run[k].PieceIndex].Text = "\u0000";
                        pieces[run[k].PieceIndex].Kids = null;
                        pieces[run[k].PieceIndex - 1] = Node.Leaf("\u0000");
                    }

                    pieces[run[end].PieceIndex - 1] = Node.Leaf("\u2013");
                }

                start = end + 1;
            }
        }

        run.Clear();
    }

    private static bool IsGroupEnd(List<(Node Node, string Names, int Index)> rendered, int r) =>
        r > 0 && rendered[r].Names.Length > 0 && rendered[r].Names == rendered[r - 1].Names;
}

using Enrichment.Core.Citations.Csl.Model;
using Enrichment.Core.Citations.Csl.Output;
using Enrichment.Core.Records;

namespace Enrichment.Core.Citations.Csl.Rendering;

/// <summary>Ordering items and cites by a mode's sort keys.</summary>
internal sealed partial class Session
{
    /// <summary>The registered items in bibliography order (registration order when the bibliography does not sort).</summary>
    public List<Reference> ItemsInBibliographyOrder() => BibliographyOrder();

    private List<Reference> BibliographyOrder(bool numbersFirst = false)
    {
        var mode = _e.Style.Bibliography;
        if (mode is null || mode.Sort.Count == 0)
        {
            return [.. _items];
        }

        if (numbersFirst)
        {
            for (var i = 0; i < _items.Count; i++)
            {
                _states[_items[i].Id].CitationNumber = i + 1;
            }
        }

        return Sort(_items, mode, bib: true, cites: null);
    }

    private List<Reference> Sort(IReadOnlyList<Reference> items, ModeElement mode, bool bib, IReadOnlyList<CiteInfo?>? cites)
    {
        if (items.Count < 2)
        {
            return [.. items]; // nothing to order: no sort keys to render
        }

        var order = StableOrder(items.Count, mode, i => SortKeys(items[i], mode, bib, cites?[i]));
        var result = new List<Reference>(order.Count);
        foreach (var index in order)
        {
            result.Add(items[index]);
        }

        return result;
    }

    public List<int> SortCites(IReadOnlyList<Reference> items, IReadOnlyList<CiteInfo> cites)
    {
        var mode = _e.Style.Citation!;
        return StableOrder(items.Count, mode, i => SortKeys(items[i], mode, false, cites[i]));
    }

    /// <summary>Positions 0..count-1 ordered by the mode's sort keys; ties keep their input order.</summary>
    private static List<int> StableOrder(int count, ModeElement mode, Func<int, SortValue[]> keysOf)
    {
        var keys = new List<(SortValue[] Keys, int Index)>(count);
        for (var i = 0; i < count; i++)
        {
            keys.Add((keysOf(i), i));
        }

        keys.Sort((a, b) =>
        {
            for (var k = 0; k < mode.Sort.Count; k++)
            {
                var cmp = SortValue.Compare(a.Keys[k], b.Keys[k], mode.Sort[k].Descending);
                if (cmp != 0)
                {
                    return cmp;
                }
            }

            return a.Index.CompareTo(b.Index);
        });
        var order = new List<int>(count);
        foreach (var k in keys)
        {
            order.Add(k.Index);
        }

        return order;
    }

    private SortValue[] SortKeys(Reference item, ModeElement mode, bool bib, CiteInfo? cite)
    {
        var result = new SortValue[mode.Sort.Count];
        for (var k = 0; k < mode.Sort.Count; k++)
        {
            var key = mode.Sort[k];
            var ctx = new Ctx
            {
                E = _e, Item = item, State = _states[item.Id], Mode = mode, Bib = bib, Cite = cite,
                SortMode = true, SortKey = key,
            };
            if (key.Variable is { } variable)
            {
                result[k] = VariableKey(item, variable, ctx);
            }
            else if (key.Macro is { } macro)
            {
                var kids = new List<Node>();
                _e.RenderChildren(macro.Children, ctx, kids);
                var text = Node.Of(kids).ToPlain();
                result[k] = SortValue.Of(text);
            }
        }

        return result;
    }

    private SortValue VariableKey(Reference item, string variable, Ctx ctx)
    {
        if (variable == "citation-number")
        {
            return SortValue.Number(ctx.State.CitationNumber);
        }

        if (variable == "citation-label")
        {
            var label = _e.Render(new TextElement { Name = variable, Source = TextSource.Variable }, ctx);
            return label is null ? SortValue.Empty : SortValue.Text(label.ToPlain());
        }

        if (item.Dates.TryGetValue(variable, out var date))
        {
            var normal = Engine.Normalise(date);
            return normal.Parts.IsDefaultOrEmpty ? SortValue.Empty : SortValue.Text(Engine.SortKeyOf(normal));
        }

        if (item.Names.TryGetValue(variable, out _))
        {
            var names = new NamesElement { Variables = [variable] };
            var node = _e.Render(names, ctx);
            return node is null ? SortValue.Empty : SortValue.Of(node.ToPlain());
        }

        var value = item.Get(variable);
        if (string.IsNullOrEmpty(value))
        {
            return SortValue.Empty;
        }

        if (Numbers.IsNumeric(value))
        {
            return SortValue.Number(Numbers.LeadingInt(value));
        }

        return SortValue.Text(Strip(value));
    }

    private string Strip(string value)
    {
        if (value.IndexOf('<') < 0)
        {
            return value;
        }

        return _e.Rich(value).ToPlain();
    }
}

using Enrichment.Core.Citations.Csl.Model;
using Enrichment.Core.Records;

namespace Enrichment.Core.Citations.Csl.Rendering;

/// <summary>
/// A document being processed: the registered items in citation order, their numbers and
/// disambiguation state, and the citations and bibliography rendered from them.
/// </summary>
/// <remarks>
/// One partial file per stage: Sorting, Disambiguation, Positions, Citations, Collapsing, Bibliography.
/// </remarks>
internal sealed partial class Session
{
    private readonly Engine _e;
    private readonly List<Reference> _items;
    private readonly Dictionary<string, ItemState> _states = new(StringComparer.Ordinal);

    public Session(Engine engine, List<Reference> items)
    {
        _e = engine;
        _items = [];
        foreach (var item in items)
        {
            if (!_states.ContainsKey(item.Id))
            {
                _states[item.Id] = new ItemState();
                _items.Add(item);
            }
        }
    }

    public IReadOnlyList<Reference> Items => _items;

    public ItemState State(Reference item) => _states[item.Id];

    /// <summary>Numbers, then disambiguates, every registered item.</summary>
    public void Prepare()
    {
        var bibOrder = BibliographyOrder(numbersFirst: true);
        for (var i = 0; i < _items.Count; i++)
        {
            _states[_items[i].Id].CitationNumber = i + 1;
        }

        if (_e.Style.Bibliography is { Sort.Count: > 0 } && !SortsByCitationNumber(_e.Style.Bibliography))
        {
            for (var i = 0; i < bibOrder.Count; i++)
            {
                _states[bibOrder[i].Id].CitationNumber = i + 1;
            }
        }

        Disambiguate();
    }

    private static bool SortsByCitationNumber(ModeElement mode)
    {
        foreach (var key in mode.Sort)
        {
            if (key.Variable == "citation-number")
            {
                return true;
            }
        }

        return false;
    }
}

using Enrichment.Core.Citations.Csl.Model;

namespace Enrichment.Core.Citations.Csl.Rendering;

internal sealed partial class Engine
{
    private bool? _citationVariesByPosition;

    /// <summary>
    /// Whether a cite can render differently in a subsequent position than in the first: the citation layout
    /// tests a position, or et-al-subsequent-min / et-al-subsequent-use-first is set. Disambiguation then
    /// compares both forms.
    /// </summary>
    public bool CitationVariesByPosition => _citationVariesByPosition ??= ScanForPosition();

    private static readonly string[] SubsequentOptions = ["et-al-subsequent-min", "et-al-subsequent-use-first"];

    private bool ScanForPosition()
    {
        if (Style.Citation is not { } citation)
        {
            return false;
        }

        foreach (var option in SubsequentOptions)
        {
            if (citation.Option(option) is not null || Style.Option(option) is not null)
            {
                return true;
            }
        }

        var scanned = new HashSet<MacroElement>();
        bool Scan(IReadOnlyList<Element> elements)
        {
            foreach (var e in elements)
            {
                var found = e switch
                {
                    TextElement { Source: TextSource.Macro, Macro: { } m } => scanned.Add(m) && Scan(m.Children),
                    GroupElement g => Scan(g.Children),
                    ChooseElement ch => ch.Branches.Any(b => b.Conditions.Any(c => c.Kind == ConditionKind.Position) || Scan(b.Children)),
                    NamesElement n => (n.Name is { } name && SubsequentOptions.Any(name.Attributes.ContainsKey))
                        || (n.Substitute is not null && Scan(n.Substitute)),
                    _ => false,
                };
                if (found)
                {
                    return true;
                }
            }

            return false;
        }

        return Scan(citation.Layout.Children);
    }
}

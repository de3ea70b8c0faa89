using Enrichment.Core.Citations.Csl.Rendering;
using Enrichment.Core.Records;

namespace Enrichment.Core.Citations;

/// <summary>
/// Renders references with one compiled style and locale: one-entry bibliographies (what the pipeline
/// stores per record), whole bibliographies (sorted, disambiguated) and citations. Thread-safe.
/// </summary>
public sealed class CslProcessor
{
    private readonly Engine _engine;

    public CslProcessor(CslStyle style, CslLocale? locale = null)
    {
        ArgumentNullException.ThrowIfNull(style);
        if (style.IsDependent)
        {
            throw new InvalidOperationException(
                $"The style '{style.Id}' is dependent on {style.ParentId}: load the parent and call WithParent first.");
        }

        var baseLocale = locale ?? CslLocale.BuiltInEnUs
            ?? throw new InvalidOperationException("No locale given and no built-in en-US locale is embedded.");
        _engine = new Engine(style, Effective(style, baseLocale));
    }

    public CslStyle Style => _engine.Style;

    /// <summary>The style's own locale overrides (language-neutral, then matching language) over the given locale.</summary>
    private static CslLocale Effective(CslStyle style, CslLocale locale)
    {
        var lang = locale.Language ?? "en-US";
        var result = locale;
        // Least specific first: no xml:lang, then the primary language, then the exact tag.
        foreach (var pass in new[] { 0, 1, 2 })
        {
            foreach (var over in style.LocaleOverrides)
            {
                var l = over.Language;
                var matches = pass switch
                {
                    0 => l is null,
                    1 => l is not null && !l.Contains('-', StringComparison.Ordinal) && lang.StartsWith(l, StringComparison.OrdinalIgnoreCase),
                    _ => l is not null && l.Contains('-', StringComparison.Ordinal) && string.Equals(l, lang, StringComparison.OrdinalIgnoreCase),
                };
                if (matches)
                {
                    result = over.Over(result);
                }
            }
        }

        return result;
    }

    internal Engine Engine => _engine;

    /// <summary>One item alone as a bibliography entry (the citation form when the style has no bibliography).</summary>
    public string RenderEntry(Reference reference, CitationOutput output = CitationOutput.Text)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var session = new Session(_engine, [reference]);
        if (_engine.Style.Bibliography is null)
        {
            return session.RenderCitation([new CitationItem(reference)], output == CitationOutput.Html);
        }

        return session.RenderEntryAlone(reference, output == CitationOutput.Html);
    }

    /// <summary>The items together: sorted, numbered and disambiguated as the style says.</summary>
    public IReadOnlyList<string> RenderBibliography(IEnumerable<Reference> references, CitationOutput output = CitationOutput.Text)
    {
        var session = new Session(_engine, [.. references]);
        session.Prepare();
        return session.RenderBibliography(output == CitationOutput.Html);
    }

    /// <summary>One citation of the given cites.</summary>
    public string RenderCitation(IReadOnlyList<CitationItem> items, CitationOutput output = CitationOutput.Text)
    {
        ArgumentNullException.ThrowIfNull(items);
        var references = new List<Reference>();
        foreach (var item in items)
        {
            references.Add(item.Item);
        }

        var session = new Session(_engine, references);
        session.Prepare();
        return session.RenderCitation(items, output == CitationOutput.Html);
    }
}

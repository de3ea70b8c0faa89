using Enrichment.Core.Records;

namespace Enrichment.Core.Citations;

/// <summary>
/// A compiled citation style, ready to render: formatting is CPU only and synchronous (all loading happened in
/// <see cref="ICitationFormatter.GetStyleAsync"/>). Thread-safe.
/// </summary>
public sealed class CitationStyle
{
    private readonly CslProcessor _processor;

    internal CitationStyle(string name, CslProcessor processor)
    {
        Name = name;
        _processor = processor;
    }

    /// <summary>The canonical name: the built-in or container name, the full file path or the absolute URL.</summary>
    public string Name { get; }

    internal CslStyle Definition => _processor.Style;

    /// <summary>
    /// One item alone as a bibliography entry (what the pipeline stores per record), behind a warning when a notice
    /// retracts the work, withdraws it or expresses concern about it (<c>RETRACTED: </c>, <see cref="WorkUpdates.Warning"/>):
    /// a style has no variable for it, so the warning is put before what the CSL engine renders. A record that is
    /// only a pasted reference string (no title, no author: a reference no match was found for) is that string,
    /// which says more than a style can make of nothing ("(n.d.).").
    /// </summary>
    public string FormatEntry(Reference reference, CitationOutput output = CitationOutput.Text)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (reference.ReferenceString is { } text && string.IsNullOrWhiteSpace(reference.Title) && reference.Authors.IsDefaultOrEmpty)
        {
            return output == CitationOutput.Html ? System.Net.WebUtility.HtmlEncode(text) : text;
        }

        var entry = _processor.RenderEntry(reference, output);
        return WorkUpdates.Warning(reference) switch
        {
            null => entry,
            var warning when output == CitationOutput.Html => $"<strong>{warning}:</strong> {entry}",
            var warning => $"{warning}: {entry}",
        };
    }

    /// <summary>The items together: sorted, numbered and disambiguated as the style says.</summary>
    public IReadOnlyList<string> FormatBibliography(IEnumerable<Reference> references, CitationOutput output = CitationOutput.Text) =>
        _processor.RenderBibliography(references, output);

    /// <summary>One citation of the given cites.</summary>
    public string FormatCitation(IReadOnlyList<CitationItem> items, CitationOutput output = CitationOutput.Text) =>
        _processor.RenderCitation(items, output);
}

using Enrichment.Core.Records;

namespace Enrichment.Core.Citations;

public enum CitationOutput
{
    Text,
    Html,
}

/// <summary>Renders one record as a bibliography entry in a named style.</summary>
public interface ICitationFormatter
{
    /// <summary>The style names this formatter knows without loading anything.</summary>
    IReadOnlyCollection<string> BuiltInStyles { get; }

    string FormatEntry(Reference reference, string style, CitationOutput output = CitationOutput.Text);
}

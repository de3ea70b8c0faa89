namespace Enrichment.Core.Citations;

public enum CitationOutput
{
    Text,
    Html,
}

/// <summary>Who named a style, which decides where it may come from.</summary>
public enum StyleOrigin
{
    /// <summary>An HTTP caller's <c>?style=</c>: built-in styles and the <c>styles</c> container only.</summary>
    Caller,

    /// <summary>CLI arguments and the operator's configuration (<c>Enrichment:Styles</c>): also a file path or an http(s) URL.</summary>
    Operator,
}

/// <summary>Finds and compiles citation styles by name.</summary>
public interface ICitationFormatter
{
    /// <summary>The style names this formatter knows without loading anything.</summary>
    IReadOnlyCollection<string> BuiltInStyles { get; }

    /// <summary>Resolves and compiles the style once (cached); throws <see cref="UnknownStyleException"/> when it cannot be used.</summary>
    ValueTask<CitationStyle> GetStyleAsync(string style, StyleOrigin origin, CancellationToken cancellationToken = default);
}

using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using Enrichment.Core.Records;

namespace Enrichment.Core.Identifiers;

/// <summary>
/// An arXiv identifier: new style (<c>2101.00001</c>, <c>0704.0001</c>) or old style (<c>hep-th/9901001</c>,
/// <c>math.GT/0309136</c>), with its version (<c>v2</c>) kept apart. Every arXiv paper has a DataCite DOI,
/// <c>10.48550/arXiv.{id}</c>, without the version.
/// </summary>
public readonly partial record struct ArxivId
{
    private ArxivId(string id, string? version)
    {
        Id = id;
        Version = version;
    }

    /// <summary>The identifier without its version (<c>2101.00001</c>, <c>hep-th/9901001</c>).</summary>
    public string Id { get; }

    /// <summary>The version as written (<c>v2</c>), or null.</summary>
    public string? Version { get; }

    /// <summary>The identifier with its version, as the source wrote it.</summary>
    public string WithVersion => Id + Version;

    /// <summary>arXiv's DataCite DOI (the version dropped): <c>10.48550/arXiv.2101.00001</c>.</summary>
    public Doi Doi => Doi.Parse("10.48550/arXiv." + Id);

    public override string ToString() => "arXiv:" + WithVersion;

    /// <summary>
    /// Reads an identifier in the forms people write: bare, <c>arXiv:</c>-prefixed (any case), or an arxiv.org
    /// <c>/abs/</c> or <c>/pdf/</c> URL (a trailing <c>.pdf</c> ignored).
    /// </summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out ArxivId id)
    {
        id = default;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 300)
        {
            return false;
        }

        var match = Whole().Match(text.Trim());
        if (!match.Success)
        {
            return false;
        }

        id = new ArxivId(match.Groups["id"].Value, match.Groups["v"].Success ? match.Groups["v"].Value : null);
        return true;
    }

    /// <summary>The first arXiv identifier written anywhere in a text (a note, a DOI-list line): <c>arXiv:</c> or an arxiv.org URL.</summary>
    public static bool TryFind([NotNullWhen(true)] string? text, out ArxivId id)
    {
        id = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var match = Inside().Match(text.Length > 100_000 ? text[..100_000] : text);
        if (!match.Success)
        {
            return false;
        }

        id = new ArxivId(match.Groups["id"].Value, match.Groups["v"].Success ? match.Groups["v"].Value : null);
        return true;
    }

    /// <summary>
    /// The arXiv identifier a record carries: <c>eprint</c> with <c>archivePrefix</c> or <c>eprinttype</c> arXiv
    /// (BibTeX/BibLaTeX), an <c>arXiv:</c> eprint, or an arXiv id or URL in its URL, note or <c>arxiv</c> field.
    /// </summary>
    public static bool TryFind(Reference reference, out ArxivId id)
    {
        ArgumentNullException.ThrowIfNull(reference);
        id = default;
        var eprint = reference.Custom.GetValueOrDefault("eprint");
        var archive = reference.Custom.GetValueOrDefault("archiveprefix") ?? reference.Custom.GetValueOrDefault("eprinttype");
        if (string.Equals(archive?.Trim(), "arxiv", StringComparison.OrdinalIgnoreCase) && TryParse(eprint, out id))
        {
            return true;
        }

        return TryFind(eprint, out id)
            || TryParse(reference.Custom.GetValueOrDefault("arxiv"), out id)
            || TryFind(reference.Get("URL"), out id)
            || TryFind(reference.Get("note"), out id);
    }

    private const string Pattern =
        @"(?<id>(?:\d{4}\.\d{4,5})|(?:[a-z]+(?:-[a-z]+)*(?:\.[A-Z]{2})?/\d{7}))(?<v>v\d{1,3})?";

    [GeneratedRegex(@"^(?:arxiv:\s*|(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/)?" + Pattern + @"(?:\.pdf)?$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex Whole();

    [GeneratedRegex(@"(?:\barxiv:\s*|\barxiv\.org/(?:abs|pdf)/)" + Pattern + @"(?!\d|\.\d)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex Inside();
}

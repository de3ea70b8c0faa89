using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Enrichment.Core.Identifiers;

/// <summary>
/// A Digital Object Identifier, normalised: prefix <c>10.</c>, a registrant code, a slash and a suffix,
/// with resolver URLs, <c>doi:</c> prefixes, %-escapes, stray whitespace and trailing punctuation removed.
/// DOIs are case-insensitive: equality ignores case and <see cref="Value"/> is lower-cased, as Crossref returns them.
/// </summary>
public readonly record struct Doi
{
    private static readonly string[] ResolverPrefixes =
    [
        "https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/",
        "doi.org/", "dx.doi.org/", "https://www.doi.org/", "http://www.doi.org/", "info:doi/", "urn:doi:",
    ];

    /// <summary>A DOI has no set length limit; Table keys and URLs do, so anything longer is refused early.</summary>
    public const int MaxLength = 2048;

    private Doi(string value) => Value = value;

    /// <summary>The normalised DOI, lower-cased (<c>10.1000/xyz</c>).</summary>
    public string Value { get; }

    public string Prefix => Value[..Value.IndexOf('/', StringComparison.Ordinal)];

    public string Suffix => Value[(Value.IndexOf('/', StringComparison.Ordinal) + 1)..];

    /// <summary>The resolver URL, suffix %-escaped where a URL needs it.</summary>
    public string Url => "https://doi.org/" + EscapeForPath();

    public static Doi Parse(string text) =>
        TryParse(text, out var doi) ? doi : throw new FormatException($"Not a DOI: '{Truncate(text)}'");

    public static bool TryParse([NotNullWhen(true)] string? text, out Doi doi)
    {
        doi = default;
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxLength * 3)
        {
            return false;
        }

        var candidate = text.Trim();
        if (candidate.Contains('%', StringComparison.Ordinal))
        {
            try
            {
                candidate = Uri.UnescapeDataString(candidate);
            }
            catch (UriFormatException)
            {
                return false;
            }
        }

        foreach (var prefix in ResolverPrefixes)
        {
            if (candidate.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                candidate = candidate[prefix.Length..];
                break;
            }
        }

        if (candidate.StartsWith("doi:", StringComparison.OrdinalIgnoreCase))
        {
            candidate = candidate[4..].TrimStart();
        }
        else if (candidate.StartsWith("doi ", StringComparison.OrdinalIgnoreCase))
        {
            candidate = candidate[4..].TrimStart();
        }

        candidate = TrimProse(candidate);

        if (candidate.Length > MaxLength || !IsValid(candidate))
        {
            return false;
        }

        doi = new Doi(candidate.ToLowerInvariant());
        return true;
    }

    /// <summary>
    /// Trailing punctuation from prose ("see 10.1/x.") is not part of the DOI; a closing bracket is dropped only
    /// when it has no opening partner inside the DOI, since suffixes such as <c>0021-9991(76)</c> are real.
    /// </summary>
    private static string TrimProse(string candidate)
    {
        while (candidate.Length > 0)
        {
            var last = candidate[^1];
            var open = last switch { ')' => '(', ']' => '[', '}' => '{', '>' => '<', _ => '\0' };
            if (open != '\0')
            {
                if (candidate.Count(c => c == open) >= candidate.Count(c => c == last))
                {
                    break;
                }
            }
            else if (last is not ('.' or ',' or ';' or ':' or '"' or '\'' or ' ' or '\t'))
            {
                break;
            }

            candidate = candidate[..^1];
        }

        return candidate;
    }

    private static bool IsValid(string candidate)
    {
        if (!candidate.StartsWith("10.", StringComparison.Ordinal))
        {
            return false;
        }

        var slash = candidate.IndexOf('/', StringComparison.Ordinal);
        if (slash < 4 || slash == candidate.Length - 1)
        {
            return false;
        }

        // The registrant code: digits, optionally dotted sub-codes (10.1000.10/...).
        for (var i = 3; i < slash; i++)
        {
            var c = candidate[i];
            if (!(char.IsAsciiDigit(c) || (c == '.' && i > 3 && candidate[i - 1] != '.')))
            {
                return false;
            }
        }

        // A suffix of dots alone would be a dot-segment in a URL path.
        if (candidate.AsSpan(slash + 1).Trim('.').IsEmpty)
        {
            return false;
        }

        foreach (var c in candidate.AsSpan(slash + 1))
        {
            if (char.IsControl(c) || char.IsWhiteSpace(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The DOI as one path segment pair (<c>prefix/escaped-suffix</c>): every character of the suffix that is
    /// not unreserved is %-escaped, so <c>/</c>, <c>..</c>, <c>?</c> and <c>#</c> cannot change the request's target.
    /// </summary>
    public string EscapeForPath()
    {
        var builder = new StringBuilder(Value.Length + 16);
        builder.Append(Prefix).Append('/');
        foreach (var b in Encoding.UTF8.GetBytes(Suffix))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' or '(' or ')' or ':' or ';')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    public bool Equals(Doi other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    public override int GetHashCode() => Value?.GetHashCode(StringComparison.Ordinal) ?? 0;

    public override string ToString() => Value ?? "";

    private static string Truncate(string? text) => text is null ? "" : text.Length > 80 ? text[..80] + "..." : text;
}

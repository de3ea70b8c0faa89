using System.Globalization;

namespace Enrichment.Core.Crossref;

/// <summary>
/// Bounds what a record can put into a Crossref request or a log line: a search needs the first few hundred
/// characters of a title, and a 20 MB title sent whole is a URL no server accepts.
/// </summary>
public static class CrossrefQuery
{
    /// <summary>The default of <see cref="CrossrefOptions.MaxQueryChars"/>.</summary>
    public const int DefaultMaxChars = 300;

    /// <summary>
    /// The first <paramref name="maxChars"/> characters of <paramref name="text"/>, cut at the last word boundary
    /// in the second half of that span (a single unbroken word is cut where the limit falls), trimmed.
    /// </summary>
    public static string Cap(string text, int maxChars = DefaultMaxChars)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxChars, 1);
        if (text.Length <= maxChars)
        {
            return text.Trim();
        }

        var cut = maxChars;
        for (var i = maxChars; i > maxChars / 2; i--)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                cut = i;
                break;
            }
        }

        // Never split a surrogate pair.
        if (char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return text[..cut].Trim();
    }

    /// <summary>A short, log-safe description of a query: its first <paramref name="maxChars"/> characters and its length.</summary>
    public static string Describe(string text, int maxChars = 100)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length <= maxChars
            ? string.Create(CultureInfo.InvariantCulture, $"\"{text}\"")
            : string.Create(CultureInfo.InvariantCulture, $"\"{text[..maxChars]}...\" ({text.Length} chars)");
    }
}

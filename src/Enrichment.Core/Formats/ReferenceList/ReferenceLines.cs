using System.Text.RegularExpressions;
using Enrichment.Core.Formats.DoiList;

namespace Enrichment.Core.Formats.ReferenceList;

/// <summary>
/// What a line of a pasted reference list is: a numbering marker (<c>1.</c>, <c>[1]</c>, <c>1)</c>, <c>(1)</c>),
/// the start of a reference or the wrapped continuation of the one before, a heading. Shared by
/// <see cref="ReferenceListReader"/> and <see cref="FormatDetector"/>, so detection and reading agree.
/// </summary>
internal static partial class ReferenceLines
{
    private static readonly HashSet<string> Headings = new(StringComparer.OrdinalIgnoreCase)
    {
        "references", "reference list", "bibliography", "works cited", "literature cited", "cited literature",
        "literature", "sources", "notes", "literatur", "références", "referencias", "bibliografía", "bibliografia",
    };

    /// <summary>
    /// A numbering marker at the start of <paramref name="line"/> (trimmed): its number and the text after it.
    /// A bare <c>n.</c> or <c>n)</c> has at most three digits, so a year starting a wrapped line ("2019. Title")
    /// is not taken for one.
    /// </summary>
    public static bool TryMarker(string line, out string label, out string rest)
    {
        var match = Marker().Match(line);
        if (!match.Success)
        {
            label = "";
            rest = line;
            return false;
        }

        label = match.Groups["n"].Value;
        rest = line[match.Length..].Trim();
        return rest.Length > 0;
    }

    /// <summary>A line that names a section ("References", "Bibliography:") rather than a work.</summary>
    public static bool IsHeading(string line) => line.Length <= 40 && Headings.Contains(line.TrimEnd(':', '.', ' ').Trim());

    /// <summary>A year (1500-2099, not inside a longer number), <c>n.d.</c>, or "in press": what nearly every reference carries.</summary>
    public static bool HasYear(string text) => YearLike().IsMatch(text);

    /// <summary>
    /// Whether a line on its own looks like a reference (for detection): a DOI in prose, a numbering marker, or a
    /// year among at least four words.
    /// </summary>
    public static bool LooksLikeReference(string line)
    {
        if (DoiListReader.TryFindDoi(line, out _, out var alone))
        {
            return !alone;
        }

        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        return (TryMarker(line, out _, out var rest) && rest.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 3)
            || (words >= 4 && HasYear(line));
    }

    /// <summary>
    /// Whether <paramref name="next"/> (trimmed, no marker) clearly continues <paramref name="current"/> rather
    /// than starting a reference: the current one ends mid-sentence (a hyphen, a comma, a word without a full stop)
    /// or the next starts with a lower-case letter, a digit or a bracket. A reference that ends with a DOI or URL
    /// is complete; so is one that has its year when the next line starts as a reference does
    /// (<see cref="LooksLikeStart"/>); a DOI alone on the next line starts a record of its own.
    /// </summary>
    public static bool Continues(string current, string next)
    {
        if (current.Length == 0 || next.Length == 0)
        {
            return false;
        }

        var last = current[^1];
        if (last is '-' or ',' or ';' or ':' or '&' or '(' or '/')
        {
            return true;
        }

        // A DOI or URL alone on a line is a record of its own (a list mixing DOIs and references) unless the line
        // before is cut mid-sentence (above) or at a column's width (the reader's wrap rule).
        if (DoiListReader.TryFindDoi(next, out _, out var alone) && alone)
        {
            return false;
        }

        var first = next[0];
        if (char.IsLower(first) || char.IsDigit(first) || first is '(' or ',' or ';' or ':' or ')' or '&')
        {
            return true;
        }

        if (EndsWithLink(current) || (HasYear(current) && LooksLikeStart(next)))
        {
            return false;
        }

        return char.IsLetterOrDigit(last);
    }

    /// <summary>A line that begins as references do: "Family, G" (two capitalised family names at most), or a quoted title.</summary>
    public static bool LooksLikeStart(string line) => Start().IsMatch(line);

    /// <summary>Widest wrap a PDF column gives, in characters; a longer line is a reference on one line.</summary>
    public const int MaxWrapWidth = 160;

    /// <summary>
    /// The width the lines were wrapped at, when they look wrapped: at least four lines besides DOIs alone, the
    /// longest at most <see cref="MaxWrapWidth"/> characters, and three in five of them <see cref="IsFull"/> against
    /// it (in a list of one reference a line, lengths spread far wider). Null otherwise.
    /// </summary>
    public static int? WrapWidth(IReadOnlyList<string> lines)
    {
        var text = lines.Where(l => !(DoiListReader.TryFindDoi(l, out _, out var alone) && alone)).ToList();
        if (text.Count < 4)
        {
            return null;
        }

        var width = text.Max(l => l.Length);
        return width <= MaxWrapWidth && text.Count(l => IsFull(l, width)) * 5 >= text.Count * 3 ? width : null;
    }

    /// <summary>A line within a fifth of the wrap width: the wrap, not the reference, ended it.</summary>
    public static bool IsFull(string line, int width) => line.Length * 5 >= width * 4;

    /// <summary>Joins a wrapped line: without a space after a hyphen or inside a DOI or URL cut at the line's end, else with one.</summary>
    public static string Join(string current, string next)
    {
        var glue = current.EndsWith('-') || (EndsWithLink(current) && current[^1] is '.' or '/' or '-' or '_') ? "" : " ";
        return current + glue + next;
    }

    private static bool EndsWithLink(string text)
    {
        var space = text.LastIndexOf(' ');
        var word = space < 0 ? text : text[(space + 1)..];
        return word.Contains("://", StringComparison.Ordinal)
            || word.StartsWith("doi:", StringComparison.OrdinalIgnoreCase)
            || word.StartsWith("10.", StringComparison.Ordinal) && word.Contains('/', StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^\s*(?:\[(?<n>\d{1,4})\]|\((?<n>\d{1,4})\)|(?<n>\d{1,3})[.)])(?=\s)", RegexOptions.CultureInvariant)]
    private static partial Regex Marker();

    [GeneratedRegex(@"^(?:\p{Lu}[\p{L}'’\-]+(?: \p{Lu}[\p{L}'’\-]+)?, \p{Lu}|[“""])", RegexOptions.CultureInvariant)]
    private static partial Regex Start();

    [GeneratedRegex(@"(?<![0-9])(?:1[5-9][0-9]{2}|20[0-9]{2})(?![0-9])|\bn\.\s?d\.|\bin press\b|\bforthcoming\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex YearLike();
}

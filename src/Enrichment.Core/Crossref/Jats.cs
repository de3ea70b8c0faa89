using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Enrichment.Core.Crossref;

/// <summary>JATS XML (as in Crossref abstracts) to plain text: paragraphs kept, markup and a leading "Abstract" heading dropped.</summary>
internal static partial class Jats
{
    private static readonly HashSet<string> Headings = new(StringComparer.OrdinalIgnoreCase)
    {
        "abstract", "summary", "graphical abstract",
    };

    public static string? ToPlainText(string? jats)
    {
        if (string.IsNullOrWhiteSpace(jats))
        {
            return null;
        }

        // A heading that only says "Abstract" repeats the field's name.
        var text = LeadingTitle().Replace(jats, m => Headings.Contains(Collapse(Tags().Replace(m.Groups["t"].Value, ""))) ? "" : m.Value, 1);
        text = BlockEnd().Replace(text, "\n");
        text = Tags().Replace(text, "");
        text = WebUtility.HtmlDecode(text);
        var lines = text.Split('\n').Select(Collapse).Where(l => l.Length > 0);
        var result = string.Join("\n", lines);
        return result.Length == 0 ? null : result;
    }

    private static string Collapse(string line)
    {
        var builder = new StringBuilder(line.Length);
        var space = false;
        foreach (var c in line)
        {
            if (char.IsWhiteSpace(c))
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    [GeneratedRegex(@"^\s*<(?:jats:)?title\b[^>]*>(?<t>.*?)</(?:jats:)?title\s*>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex LeadingTitle();

    [GeneratedRegex(@"</(?:jats:)?(?:p|title|sec|list-item|list)\s*>|<(?:jats:)?break\s*/?>", RegexOptions.IgnoreCase)]
    private static partial Regex BlockEnd();

    [GeneratedRegex(@"</?[A-Za-z][\w:.-]*(?:\s[^<>]*)?/?>")]
    private static partial Regex Tags();
}

using System.Text;

namespace Enrichment.Core.Enrichment;

/// <summary>
/// Folds text for comparison: lower case, Latin diacritics removed (the app runs with invariant globalization,
/// where <see cref="string.Normalize()"/> does not decompose), TeX braces and commands, markup and punctuation
/// dropped, whitespace collapsed. "{DNA} Repair in M{\"u}ller's <i>E. coli</i>" and "DNA repair in Muller's E. coli"
/// fold alike.
/// </summary>
internal static class TextFolding
{
    private static readonly Dictionary<char, string> Latin = Build();

    public static string Fold(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var builder = new StringBuilder(text.Length);
        var space = false;
        var inTag = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '<' && i + 1 < text.Length && (char.IsAsciiLetter(text[i + 1]) || text[i + 1] == '/'))
            {
                inTag = true;
                continue;
            }

            if (inTag)
            {
                inTag = c != '>';
                continue;
            }

            if (c == '\\')
            {
                // A TeX command: skip its name (\emph, \textit) or its one symbol (\" \' \&).
                i++;
                while (i + 1 < text.Length && char.IsAsciiLetter(text[i]) && char.IsAsciiLetter(text[i + 1]))
                {
                    i++;
                }

                if (i < text.Length && !char.IsAsciiLetter(text[i]))
                {
                    continue;
                }

                space = builder.Length > 0;
                continue;
            }

            c = char.ToLowerInvariant(c);
            if (char.IsLetterOrDigit(c))
            {
                if (space)
                {
                    builder.Append(' ');
                    space = false;
                }

                if (Latin.TryGetValue(c, out var plain))
                {
                    builder.Append(plain);
                }
                else
                {
                    builder.Append(c);
                }
            }
            else if (c is not ('{' or '}' or '\'' or '\u2019'))
            {
                space = builder.Length > 0;
            }
        }

        return builder.ToString();
    }

    /// <summary>Similarity of two folded strings: 1 - edit distance / longer length (1 = identical).</summary>
    public static double Similarity(string a, string b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return a.Length == b.Length ? 1 : 0;
        }

        // Titles are short; cap the work for the odd very long one.
        a = a.Length > 400 ? a[..400] : a;
        b = b.Length > 400 ? b[..400] : b;
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return 1.0 - (double)previous[b.Length] / Math.Max(a.Length, b.Length);
    }

    /// <summary>
    /// How well folded <paramref name="needle"/> is found somewhere in folded <paramref name="haystack"/>:
    /// 1 - (fewest edits turning it into some stretch of the haystack) / its length; 1 = found as is.
    /// </summary>
    public static double FoundIn(string needle, string haystack)
    {
        if (needle.Length == 0)
        {
            return 1;
        }

        if (haystack.Contains(needle, StringComparison.Ordinal))
        {
            return 1;
        }

        // Edit distance where the stretch may start and end anywhere in the haystack (no cost before or after it).
        needle = needle.Length > 400 ? needle[..400] : needle;
        var previous = new int[needle.Length + 1];
        var current = new int[needle.Length + 1];
        for (var i = 0; i <= needle.Length; i++)
        {
            previous[i] = i;
        }

        var best = needle.Length;
        foreach (var c in haystack)
        {
            current[0] = 0;
            for (var i = 1; i <= needle.Length; i++)
            {
                var cost = needle[i - 1] == c ? 0 : 1;
                current[i] = Math.Min(Math.Min(current[i - 1] + 1, previous[i] + 1), previous[i - 1] + cost);
            }

            best = Math.Min(best, current[needle.Length]);
            (previous, current) = (current, previous);
        }

        return 1.0 - ((double)best / needle.Length);
    }

    private static Dictionary<char, string> Build()
    {
        var map = new Dictionary<char, string>();
        void Add(string from, string to)
        {
            foreach (var c in from)
            {
                map[c] = to;
            }
        }

        Add("àáâãäåāăą", "a");
        Add("çćĉċč", "c");
        Add("ďđð", "d");
        Add("èéêëēĕėęě", "e");
        Add("ĝğġģ", "g");
        Add("ĥħ", "h");
        Add("ìíîïĩīĭįı", "i");
        Add("ĵ", "j");
        Add("ķ", "k");
        Add("ĺļľŀł", "l");
        Add("ñńņňŉ", "n");
        Add("òóôõöøōŏő", "o");
        Add("ŕŗř", "r");
        Add("śŝşšș", "s");
        Add("ţťŧț", "t");
        Add("ùúûüũūŭůűų", "u");
        Add("ŵ", "w");
        Add("ýÿŷ", "y");
        Add("źżž", "z");
        Add("ß", "ss");
        Add("æ", "ae");
        Add("œ", "oe");
        Add("þ", "th");
        return map;
    }
}

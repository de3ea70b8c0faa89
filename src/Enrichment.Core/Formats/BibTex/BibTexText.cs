using System.Text;

namespace Enrichment.Core.Formats.BibTex;

/// <summary>
/// The writer's side of <see cref="LatexDecoder"/>: Unicode text back into a BibTeX value that decodes to the
/// same text. Rich-text tags become commands, nocase spans become braces (title-like fields only), math
/// stays as it is, and the characters BibTeX or LaTeX treat specially are escaped.
/// </summary>
internal static class BibTexText
{
    private static readonly (string Tag, string Latex, int Kind)[] Tags =
    [
        ("<i>", "\\emph{", 1), ("<b>", "\\textbf{", 2), ("<sup>", "\\textsuperscript{", 3),
        ("<sub>", "\\textsubscript{", 4), (LatexDecoder.SmallCapsOpen, "\\textsc{", 5), (LatexDecoder.NoCaseOpen, "{", 5),
        ("</i>", "}", -1), ("</b>", "}", -2), ("</sup>", "}", -3), ("</sub>", "}", -4), (LatexDecoder.SpanClose, "}", -5),
    ];

    public static void AppendEscaped(StringBuilder builder, string text, bool titleLike)
    {
        var matched = text.Contains('<', StringComparison.Ordinal) ? MatchTags(text, titleLike) : null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '<' && matched is not null && matched.TryGetValue(i, out var tag))
            {
                builder.Append(tag.Latex);
                i += tag.Length - 1;
                continue;
            }

            switch (c)
            {
                case '&' or '%' or '#' or '_':
                    builder.Append('\\').Append(c);
                    break;
                case '{':
                    builder.Append("\\textbraceleft{}");
                    break;
                case '}':
                    builder.Append("\\textbraceright{}");
                    break;
                case '\\':
                    builder.Append("\\textbackslash{}");
                    break;
                case '~':
                    builder.Append("\\textasciitilde{}");
                    break;
                case '\u00A0':
                    builder.Append('~');
                    break;
                case '-' when i + 1 < text.Length && text[i + 1] == '-':
                    builder.Append("-{}");
                    break;
                case '$':
                    var end = MathEnd(text, i);
                    if (end < 0)
                    {
                        builder.Append("\\$");
                    }
                    else
                    {
                        builder.Append(text, i, end - i);
                        i = end - 1;
                    }

                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }
    }

    /// <summary>A value kept raw (custom fields, URLs): written as it is when its braces balance.</summary>
    public static void AppendRaw(StringBuilder builder, string text)
    {
        if (Balanced(text, 0, text.Length))
        {
            builder.Append(text);
            return;
        }

        foreach (var c in text)
        {
            builder.Append(c switch { '{' => "\\textbraceleft{}", '}' => "\\textbraceright{}", _ => c.ToString() });
        }
    }

    // The end (exclusive) of a math span starting at a '$', or -1 when it has no closing '$' or its braces do not balance.
    private static int MathEnd(string text, int start)
    {
        var j = start + 1;
        while (j < text.Length && text[j] == '$')
        {
            j++;
        }

        var fence = j - start;
        for (var k = j; k < text.Length; k++)
        {
            if (text[k] == '\\')
            {
                k++;
                continue;
            }

            if (text[k] == '$')
            {
                var end = Math.Min(k + fence, text.Length);
                return Balanced(text, start, end) ? end : -1;
            }
        }

        return -1;
    }

    private static bool Balanced(string text, int from, int to)
    {
        var depth = 0;
        for (var k = from; k < to; k++)
        {
            depth += text[k] switch { '{' => 1, '}' => -1, _ => 0 };
            if (depth < 0)
            {
                return false;
            }
        }

        return depth == 0;
    }

    private static Dictionary<int, (string Latex, int Length)> MatchTags(string text, bool titleLike)
    {
        var found = new Dictionary<int, (string Latex, int Length)>();
        var stack = new Stack<(int At, string Latex, int Length, int Kind)>();
        for (var i = text.IndexOf('<', StringComparison.Ordinal); i >= 0 && i < text.Length; i = text.IndexOf('<', i + 1))
        {
            foreach (var (tag, latex, kind) in Tags)
            {
                if (string.CompareOrdinal(text, i, tag, 0, tag.Length) != 0 || (!titleLike && tag == LatexDecoder.NoCaseOpen))
                {
                    continue;
                }

                if (kind > 0)
                {
                    stack.Push((i, latex, tag.Length, kind));
                }
                else if (stack.Count > 0 && stack.Peek().Kind == -kind)
                {
                    var open = stack.Pop();
                    found[open.At] = (open.Latex, open.Length);
                    found[i] = (latex, tag.Length);
                }

                break;
            }
        }

        return found;
    }
}

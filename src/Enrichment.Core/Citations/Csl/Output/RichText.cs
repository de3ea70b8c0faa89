using System.Text;
using Enrichment.Core.Citations.Csl.Model;

namespace Enrichment.Core.Citations.Csl.Output;

/// <summary>
/// Reads the small markup CSL-JSON strings may carry (<c>&lt;i&gt;</c>, <c>&lt;b&gt;</c>, <c>&lt;sup&gt;</c>,
/// <c>&lt;sub&gt;</c>, nocase and small-caps spans, straight double quotes) into nodes; turns apostrophes typographic.
/// </summary>
internal static class RichText
{
    private static readonly System.Buffers.SearchValues<char> Special = System.Buffers.SearchValues.Create("<\"'\u201c\u2018");

    /// <summary>
    /// Parses <paramref name="text"/>; markup nested deeper than <paramref name="maxDepth"/> stays literal text,
    /// so no input builds a node tree deeper than that (the serializer and text-case walk it recursively).
    /// </summary>
    public static Node Parse(string text, int maxDepth)
    {
        if (text.Contains('\u00ab', StringComparison.Ordinal) || text.Contains('\u00bb', StringComparison.Ordinal))
        {
            // French guillemets in item text take narrow no-break spaces (citeproc-js does the same).
            text = text.Replace("\u00ab ", "\u00ab\u202f", StringComparison.Ordinal)
                .Replace(" \u00bb", "\u202f\u00bb", StringComparison.Ordinal);
        }

        if (text.AsSpan().IndexOfAny(Special) < 0)
        {
            return Node.Leaf(text);
        }

        var root = new Node { Kids = [] };
        var stack = new Stack<(Node Node, string Close)>();
        stack.Push((root, ""));
        // Markup opened beyond maxDepth: its closing marks, so they stay literal too (allocated only then).
        Stack<string>? literal = null;
        var sb = new StringBuilder();
        var i = 0;
        void Flush()
        {
            if (sb.Length > 0)
            {
                var kids = stack.Peek().Node.Kids!;
                // Punctuation the input itself wrote after a quote stays where it is.
                var verbatim = kids.Count > 0 && kids[^1].Quotes;
                kids.Add(new Node { Text = sb.ToString(), Verbatim = verbatim });
                sb.Clear();
            }
        }

        // The innermost open markup, literal or not: only its closing mark closes anything.
        bool CanClose() => literal is { Count: > 0 } || stack.Count > 1;
        string OpenClose() => literal is { Count: > 0 } ? literal.Peek() : stack.Peek().Close;

        void Open(Node node, string close, string mark)
        {
            if (stack.Count > maxDepth || literal is { Count: > 0 })
            {
                (literal ??= new Stack<string>()).Push(close);
                sb.Append(mark);
                return;
            }

            Flush();
            stack.Peek().Node.Kids!.Add(node);
            stack.Push((node, close));
        }

        void Close(string mark)
        {
            if (literal is { Count: > 0 })
            {
                literal.Pop();
                sb.Append(mark);
                return;
            }

            Flush();
            stack.Pop();
        }

        while (i < text.Length)
        {
            var c = text[i];
            if (c == '<')
            {
                var end = text.IndexOf('>', i);
                if (end > i)
                {
                    var tag = text.Substring(i, end - i + 1);
                    if (TryOpen(tag, out var node, out var close))
                    {
                        Open(node, close, tag);
                        i = end + 1;
                        continue;
                    }

                    if (tag.StartsWith("</", StringComparison.Ordinal) && CanClose() && OpenClose() == tag)
                    {
                        Close(tag);
                        i = end + 1;
                        continue;
                    }
                }
            }
            else if (c == '\u201c' && text.IndexOf('\u201d', i + 1) > i)
            {
                Open(new Node { Kids = [], Quotes = true }, "\u201d", "\u201c");
                i++;
                continue;
            }
            else if (c == '\u201d' && CanClose() && OpenClose() == "\u201d")
            {
                Close("\u201d");
                i++;
                continue;
            }
            else if (c == '\u2018' && HasClosingCurly(text, i + 1))
            {
                Open(new Node { Kids = [], Quotes = true, SingleQuotes = true }, "\u2019", "\u2018");
                i++;
                continue;
            }
            else if (c == '\u2019' && CanClose() && OpenClose() == "\u2019"
                     && (i + 1 == text.Length || !char.IsLetterOrDigit(text[i + 1])))
            {
                Close("\u2019");
                i++;
                continue;
            }
            else if (c == '"')
            {
                if (CanClose() && OpenClose() == "\"" && i > 0 && !char.IsWhiteSpace(text[i - 1]))
                {
                    Close("\"");
                    i++;
                    continue;
                }

                // An opening quote starts a word and has a closing one that ends a word; else it stays a mark.
                var opens = (i == 0 || char.IsWhiteSpace(text[i - 1]) || text[i - 1] is '(' or '[')
                    && i + 1 < text.Length && !char.IsWhiteSpace(text[i + 1]);
                var close = text.IndexOf('"', i + 1);
                while (close > 0 && char.IsWhiteSpace(text[close - 1]))
                {
                    close = text.IndexOf('"', close + 1);
                }

                if (opens && close > i)
                {
                    Open(new Node { Kids = [], Quotes = true }, "\"", "\"");
                    i++;
                    continue;
                }
            }
            else if (c == '\'')
            {
                var atWordStart = i == 0 || char.IsWhiteSpace(text[i - 1]) || text[i - 1] is '(' or '[';
                if (!atWordStart && CanClose() && OpenClose() == "'"
                    && (i + 1 == text.Length || !char.IsLetterOrDigit(text[i + 1])))
                {
                    Close("'");
                    i++;
                    continue;
                }

                if (atWordStart && HasClosingSingle(text, i + 1))
                {
                    Open(new Node { Kids = [], Quotes = true }, "'", "'");
                    i++;
                    continue;
                }

                sb.Append('\u2019');
                i++;
                continue;
            }

            sb.Append(c);
            i++;
        }

        Flush();
        return root.Kids!.Count == 1 && !root.Kids[0].HasOwnDecoration && !root.Kids[0].NoCase ? root.Kids[0] : root;
    }

    private static bool HasClosingCurly(string text, int from)
    {
        for (var j = from; j < text.Length; j++)
        {
            if (text[j] == '\u2019' && j > from && (j + 1 == text.Length || !char.IsLetterOrDigit(text[j + 1])))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasClosingSingle(string text, int from)
    {
        for (var j = from; j < text.Length; j++)
        {
            if (text[j] == '\'' && j > from && !char.IsWhiteSpace(text[j - 1])
                && (j + 1 == text.Length || !char.IsLetterOrDigit(text[j + 1])))
            {
                return true;
            }
        }

        return false;
    }

    private static bool TryOpen(string tag, out Node node, out string close)
    {
        node = new Node { Kids = [] };
        close = "";
        switch (tag)
        {
            case "<i>":
                node.FontStyle = FontStyle.Italic;
                close = "</i>";
                return true;
            case "<b>":
                node.FontWeight = FontWeight.Bold;
                close = "</b>";
                return true;
            case "<sup>":
                node.VerticalAlign = VerticalAlign.Sup;
                close = "</sup>";
                return true;
            case "<sub>":
                node.VerticalAlign = VerticalAlign.Sub;
                close = "</sub>";
                return true;
            case "<sc>":
                node.FontVariant = FontVariant.SmallCaps;
                close = "</sc>";
                return true;
        }

        if (!tag.StartsWith("<span", StringComparison.Ordinal))
        {
            return false;
        }

        close = "</span>";
        if (tag.Contains("nodecor", StringComparison.Ordinal))
        {
            // Undoes the surrounding formatting (and protects its case).
            node.FontStyle = FontStyle.Normal;
            node.FontVariant = FontVariant.Normal;
            node.FontWeight = FontWeight.Normal;
            node.NoCase = true;
            return true;
        }

        if (tag.Contains("nocase", StringComparison.Ordinal))
        {
            node.NoCase = true;
            return true;
        }

        if (tag.Contains("small-caps", StringComparison.Ordinal))
        {
            node.FontVariant = FontVariant.SmallCaps;
            return true;
        }

        return false;
    }
}

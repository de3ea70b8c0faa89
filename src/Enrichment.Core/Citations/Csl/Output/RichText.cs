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

    // French typography's spaced punctuation: the space inside guillemets and before ; : ! ?
    private static readonly System.Buffers.SearchValues<char> Spaced = System.Buffers.SearchValues.Create("\u00ab\u00bb;:!?");

    /// <summary>
    /// A plain space inside guillemets or before <c>; : ! ?</c> in item text becomes a narrow no-break space,
    /// so no line breaks before the mark ("Modelling : mimetic"); citeproc-js does the same.
    /// </summary>
    private static string NarrowSpaces(string text)
    {
        var at = text.AsSpan().IndexOfAny(Spaced);
        if (at < 0)
        {
            return text;
        }

        char[]? copy = null;
        for (var i = at; i < text.Length; i++)
        {
            var c = text[i];
            var space = c == '\u00ab' ? i + 1 : c is '\u00bb' or ';' or ':' or '!' or '?' ? i - 1 : -1;
            if (space >= 0 && space < text.Length && text[space] == ' ')
            {
                copy ??= text.ToCharArray();
                copy[space] = '\u202f';
            }
        }

        return copy is null ? text : new string(copy);
    }

    /// <summary>
    /// Parses <paramref name="text"/>; markup nested deeper than <paramref name="maxDepth"/> stays literal text,
    /// so no input builds a node tree deeper than that (the serializer and text-case walk it recursively).
    /// </summary>
    public static Node Parse(string text, int maxDepth)
    {
        text = NarrowSpaces(text);

        if (text.AsSpan().IndexOfAny(Special) < 0)
        {
            return Node.Leaf(text);
        }

        var root = new Node { Kids = [] };
        var stack = new Stack<(Node Node, string Close)>();
        stack.Push((root, ""));
        // Markup opened beyond maxDepth: its closing marks, so they stay literal too (allocated only then).
        Stack<string>? literal = null;
        var closings = new LastClosings(text);
        var nextTagEnd = -1;
        var spanWords = default(SpanWords);
        var sb = new StringBuilder();
        var i = 0;
        // Just after an opening tag or quote mark a word starts, so a quote there opens ("'\"A\"'", "<span>\"A\"</span>").
        var afterOpen = -1;
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

        void Open(Node node, string close, ReadOnlySpan<char> mark)
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

        void Close(ReadOnlySpan<char> mark)
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
                // The next '>' is remembered, so a run of '<' without one costs a single search, not one each.
                if (nextTagEnd < i && nextTagEnd != int.MaxValue)
                {
                    nextTagEnd = text.IndexOf('>', i) is >= 0 and var found ? found : int.MaxValue;
                }

                var end = nextTagEnd;
                if (end != int.MaxValue && end > i)
                {
                    var tag = text.AsSpan(i, end - i + 1);
                    if (TryOpen(tag, ref spanWords, text, i, out var node, out var close))
                    {
                        Open(node, close, tag);
                        i = end + 1;
                        afterOpen = i;
                        continue;
                    }

                    if (tag.StartsWith("</", StringComparison.Ordinal) && CanClose() && tag.SequenceEqual(OpenClose()))
                    {
                        Close(tag);
                        i = end + 1;
                        continue;
                    }
                }
            }
            else if (c == '\u201c' && closings.CurlyDoubleAfter(i))
            {
                Open(new Node { Kids = [], Quotes = true }, "\u201d", "\u201c");
                i++;
                afterOpen = i;
                continue;
            }
            else if (c == '\u201d' && CanClose() && OpenClose() == "\u201d")
            {
                Close("\u201d");
                i++;
                continue;
            }
            else if (c == '\u2018' && closings.CurlySingleAfter(i + 1))
            {
                Open(new Node { Kids = [], Quotes = true, SingleQuotes = true }, "\u2019", "\u2018");
                i++;
                afterOpen = i;
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
                var opens = (i == 0 || i == afterOpen || char.IsWhiteSpace(text[i - 1]) || text[i - 1] is '(' or '[')
                    && i + 1 < text.Length && !char.IsWhiteSpace(text[i + 1]);
                if (opens && closings.StraightDoubleAfter(i))
                {
                    Open(new Node { Kids = [], Quotes = true }, "\"", "\"");
                    i++;
                    afterOpen = i;
                    continue;
                }
            }
            else if (c == '\'')
            {
                var atWordStart = i == 0 || i == afterOpen || char.IsWhiteSpace(text[i - 1]) || text[i - 1] is '(' or '[';
                if (!atWordStart && CanClose() && OpenClose() == "'"
                    && (i + 1 == text.Length || !char.IsLetterOrDigit(text[i + 1])))
                {
                    Close("'");
                    i++;
                    continue;
                }

                if (atWordStart && closings.StraightSingleAfter(i + 1))
                {
                    Open(new Node { Kids = [], Quotes = true }, "'", "'");
                    i++;
                    afterOpen = i;
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

    /// <summary>
    /// Whether a closing quote mark follows a position. Each answer comes from the last such mark in the text,
    /// found once on first use, so a title of thousands of opening quotes is read in linear time.
    /// </summary>
    private struct LastClosings(string text)
    {
        private const int Unknown = -2;
        private int _curlyDouble = Unknown;
        private int _curlySingle = Unknown;
        private int _straightDouble = Unknown;
        private int _straightSingle = Unknown;

        /// <summary>A closing ” after <paramref name="index"/>.</summary>
        public bool CurlyDoubleAfter(int index) => Last(ref _curlyDouble, IsCurlyDoubleClose) > index;

        /// <summary>A closing ’ ending a word, after <paramref name="from"/>.</summary>
        public bool CurlySingleAfter(int from) => Last(ref _curlySingle, IsCurlySingleClose) > from;

        /// <summary>A " ending a word, after <paramref name="index"/>.</summary>
        public bool StraightDoubleAfter(int index) => Last(ref _straightDouble, IsStraightDoubleClose) > index;

        /// <summary>A ' ending a word, after <paramref name="from"/>.</summary>
        public bool StraightSingleAfter(int from) => Last(ref _straightSingle, IsStraightSingleClose) > from;

        private readonly int Last(ref int cached, Func<string, int, bool> closes)
        {
            if (cached == Unknown)
            {
                cached = -1;
                for (var j = text.Length - 1; j >= 1; j--)
                {
                    if (closes(text, j))
                    {
                        cached = j;
                        break;
                    }
                }
            }

            return cached;
        }

        private static bool EndsWord(string text, int j) => j + 1 == text.Length || !char.IsLetterOrDigit(text[j + 1]);

        private static bool IsCurlyDoubleClose(string text, int j) => text[j] == '\u201d';

        private static bool IsCurlySingleClose(string text, int j) => text[j] == '\u2019' && EndsWord(text, j);

        private static bool IsStraightDoubleClose(string text, int j) => text[j] == '"' && !char.IsWhiteSpace(text[j - 1]);

        private static bool IsStraightSingleClose(string text, int j) =>
            text[j] == '\'' && !char.IsWhiteSpace(text[j - 1]) && EndsWord(text, j);
    }

    private static bool TryOpen(ReadOnlySpan<char> tag, ref SpanWords spanWords, string text, int start, out Node node, out string close)
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
        var (nodecor, nocase, smallCaps) = spanWords.In(text, start, start + tag.Length - 1);
        if (nodecor)
        {
            // Undoes the surrounding formatting (and protects its case).
            node.FontStyle = FontStyle.Normal;
            node.FontVariant = FontVariant.Normal;
            node.FontWeight = FontWeight.Normal;
            node.NoCase = true;
            return true;
        }

        if (nocase)
        {
            node.NoCase = true;
            return true;
        }

        if (smallCaps)
        {
            node.FontVariant = FontVariant.SmallCaps;
            return true;
        }

        return false;
    }

    /// <summary>
    /// Whether a span tag names nodecor, nocase or small-caps. Every '&lt;' before one '&gt;' starts a tag ending
    /// there, so the words are looked for once per '&gt;' (from the first such '&lt;'), not once per '&lt;'.
    /// </summary>
    private struct SpanWords
    {
        private int _end;
        private int _nodecor;
        private int _nocase;
        private int _smallCaps;

        public (bool Nodecor, bool Nocase, bool SmallCaps) In(string text, int start, int end)
        {
            if (_end != end)
            {
                // A tag ends after its start, so end is never 0, the value of a fresh struct.
                var tag = text.AsSpan(start, end - start + 1);
                _nodecor = At(tag.LastIndexOf("nodecor", StringComparison.Ordinal), start);
                _nocase = At(tag.LastIndexOf("nocase", StringComparison.Ordinal), start);
                _smallCaps = At(tag.LastIndexOf("small-caps", StringComparison.Ordinal), start);
                _end = end;
            }

            // The last occurrence in the first tag lies in this one (a suffix of it) exactly when it starts here or later.
            return (_nodecor >= start, _nocase >= start, _smallCaps >= start);
        }

        private static int At(int offset, int start) => offset < 0 ? -1 : start + offset;
    }
}

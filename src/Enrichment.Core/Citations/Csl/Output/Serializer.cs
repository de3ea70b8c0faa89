using System.Text;
using Enrichment.Core.Citations.Csl.Model;

namespace Enrichment.Core.Citations.Csl.Output;

internal enum TokKind
{
    Text,
    Open,
    Close,
    OpenQuote,
    CloseQuote,
}

internal struct Tok(TokKind kind, string text, bool verbatim = false, bool fromStyle = false)
{
    public TokKind Kind = kind;
    public string Text = text;
    public bool Verbatim = verbatim;

    /// <summary>An affix or delimiter (not item text): its spaces may merge with neighbours.</summary>
    public bool FromStyle = fromStyle;

    /// <summary>The open or close of a display block.</summary>
    public bool IsDisplay;
}

internal sealed record QuoteMarks(string Open, string Close, string InnerOpen, string InnerClose, bool PunctuationInQuote);

/// <summary>
/// Turns a node tree into HTML (citeproc-js's html flavour) or plain text: flip-flops nested italics and
/// quotes, settles duplicate punctuation at element boundaries and moves punctuation into quotes.
/// </summary>
internal sealed class Serializer
{
    private readonly bool _html;
    private readonly QuoteMarks _quotes;
    private readonly List<Tok> _toks = new(128);
    private bool _italic;
    private bool _bold;
    private bool _smallCaps;
    private int _quoteDepth;

    public Serializer(bool html, QuoteMarks quotes)
    {
        _html = html;
        _quotes = quotes;
    }

    public static string Render(Node node, bool html, QuoteMarks quotes)
    {
        var s = new Serializer(html, quotes);
        s.Flatten(node);
        s.FixPunctuation();
        s.TrimStart();
        s.TrimEnd();
        return s.Emit();
    }

    /// <summary>Flattens a node; returns false (and leaves no tokens) when it has no text at all.</summary>
    /// <remarks>
    /// Recursive, and bounded: a node tree is no deeper than the style (CslLimits.MaxElementDepth, checked when
    /// the style is compiled) plus item markup (CslLimits.MaxRichTextDepth, kept flat by RichText.Parse).
    /// </remarks>
    private bool Flatten(Node node)
    {
        if (node.Text is not null ? node.Text.Length == 0 : node.Kids is null || node.Kids.Count == 0)
        {
            return false;
        }

        var mark = _toks.Count;
        var pendingMark = _pendingCloses.Count;
        var quoteDepth = _quoteDepth;
        var any = false;

        var savedItalic = _italic;
        var savedBold = _bold;
        var savedSmallCaps = _smallCaps;
        if (node.Display == "right-inline" && !_html)
        {
            // Text output has no columns: a space stands between the margin and the entry.
            _toks.Add(new Tok(TokKind.Text, " "));
        }

        // The display block wraps the element's affixes too.
        var displayOpened = false;
        if (node.Display is not null)
        {
            _toks.Add(new Tok(TokKind.Open, _html ? $"<div class=\"csl-{node.Display}\">" : "") { IsDisplay = true });
            displayOpened = true;
        }

        if (node.Prefix is not null)
        {
            _toks.Add(new Tok(TokKind.Text, node.Prefix, fromStyle: true));
        }

        var closes = 0;

        if (node.FontWeight is not null)
        {
            if (node.FontWeight == FontWeight.Bold)
            {
                Open(_bold ? "<span style=\"font-weight:normal;\">" : "<b>", _bold ? "</span>" : "</b>", ref closes);
                _bold = !_bold;
            }
            else if (node.FontWeight == FontWeight.Normal && _bold)
            {
                Open("<span style=\"font-weight:normal;\">", "</span>", ref closes);
                _bold = false;
            }
            else if (node.FontWeight == FontWeight.Light)
            {
                Open("<span style=\"font-weight:light;\">", "</span>", ref closes);
            }
        }

        if (node.FontStyle is not null)
        {
            if (node.FontStyle is FontStyle.Italic or FontStyle.Oblique)
            {
                Open(_italic ? "<span style=\"font-style:normal;\">" : "<i>", _italic ? "</span>" : "</i>", ref closes);
                _italic = !_italic;
            }
            else if (node.FontStyle == FontStyle.Normal && _italic)
            {
                Open("<span style=\"font-style:normal;\">", "</span>", ref closes);
                _italic = false;
            }
        }

        if (node.FontVariant is not null)
        {
            if (node.FontVariant == FontVariant.SmallCaps)
            {
                Open(_smallCaps ? "<span style=\"font-variant:normal;\">" : "<span style=\"font-variant:small-caps;\">", "</span>", ref closes);
                _smallCaps = !_smallCaps;
            }
            else if (node.FontVariant == FontVariant.Normal && _smallCaps)
            {
                Open("<span style=\"font-variant:normal;\">", "</span>", ref closes);
                _smallCaps = false;
            }
        }

        if (node.TextDecoration == TextDecoration.Underline)
        {
            Open("<span style=\"text-decoration:underline;\">", "</span>", ref closes);
        }
        else if (node.TextDecoration == TextDecoration.None)
        {
            Open("<span style=\"text-decoration:none;\">", "</span>", ref closes);
        }

        if (node.VerticalAlign == VerticalAlign.Sup)
        {
            Open("<sup>", "</sup>", ref closes);
        }
        else if (node.VerticalAlign == VerticalAlign.Sub)
        {
            Open("<sub>", "</sub>", ref closes);
        }
        else if (node.VerticalAlign == VerticalAlign.Baseline)
        {
            Open("<span style=\"baseline\">", "</span>", ref closes);
        }

        if (node.Quotes)
        {
            _toks.Add(new Tok(TokKind.OpenQuote, OuterQuotes(node) ? _quotes.Open : _quotes.InnerOpen));
            _quoteDepth++;
        }

        if (node.Text is not null)
        {
            _toks.Add(new Tok(node.IsMarkup ? TokKind.Open : TokKind.Text, node.Text, node.Verbatim));
            any = true;
        }
        else if (node.Kids is not null)
        {
            var first = true;
            foreach (var kid in node.Kids)
            {
                var before = _toks.Count;
                if (!first && !string.IsNullOrEmpty(node.Delimiter))
                {
                    _toks.Add(new Tok(TokKind.Text, node.Delimiter, fromStyle: true));
                }

                if (Flatten(kid))
                {
                    first = false;
                    any = true;
                }
                else
                {
                    _toks.RemoveRange(before, _toks.Count - before);
                }
            }
        }

        if (!any)
        {
            // Nothing inside: drop the affixes and tags opened for it.
            _toks.RemoveRange(mark, _toks.Count - mark);
            while (_pendingCloses.Count > pendingMark)
            {
                _pendingCloses.Pop();
            }

            _quoteDepth = quoteDepth;
            _italic = savedItalic;
            _bold = savedBold;
            _smallCaps = savedSmallCaps;
            return false;
        }

        if (node.Quotes)
        {
            _quoteDepth--;
            _toks.Add(new Tok(TokKind.CloseQuote, OuterQuotes(node) ? _quotes.Close : _quotes.InnerClose));
        }

        for (var i = 0; i < closes; i++)
        {
            _toks.Add(new Tok(TokKind.Close, _pendingCloses.Pop()));
        }

        _italic = savedItalic;
        _bold = savedBold;
        _smallCaps = savedSmallCaps;
        if (node.Suffix is not null)
        {
            _toks.Add(new Tok(TokKind.Text, node.Suffix, fromStyle: true));
        }

        if (displayOpened)
        {
            _toks.Add(new Tok(TokKind.Close, _html ? "</div>" : "") { IsDisplay = true });
        }

        return true;
    }

    private readonly Stack<string> _pendingCloses = new();

    /// <summary>Quotes alternate outer, inner, outer by depth; single quotes the input wrote at the top stay inner.</summary>
    private bool OuterQuotes(Node node) => _quoteDepth % 2 == 0 && !(node.SingleQuotes && _quoteDepth == 0);

    private void Open(string open, string close, ref int closes)
    {
        _toks.Add(new Tok(TokKind.Open, open));
        _pendingCloses.Push(close);
        closes++;
    }

    /// <summary>
    /// In a display block that opens the output, spaces an affix or delimiter puts before the first text go: what
    /// they separated from is not there (an entry whose names block subsequent-author-substitute emptied, say).
    /// </summary>
    private void TrimStart()
    {
        if (_toks.Count == 0 || _toks[0].Kind != TokKind.Open || !_toks[0].IsDisplay)
        {
            return;
        }

        for (var i = 1; i < _toks.Count; i++)
        {
            var tok = _toks[i];
            if (tok.Kind is TokKind.Open or TokKind.Close)
            {
                continue;
            }

            if (tok.Kind != TokKind.Text || !tok.FromStyle)
            {
                return;
            }

            var trimmed = tok.Text.TrimStart(' ');
            tok.Text = trimmed;
            _toks[i] = tok;
            if (trimmed.Length > 0)
            {
                return;
            }
        }
    }

    /// <summary>Trailing spaces left by affixes go (citeproc-js trims an entry's end).</summary>
    private void TrimEnd()
    {
        // Only a closing display block (second-field-align's right column) sheds trailing spaces.
        if (_toks.Count == 0 || _toks[^1].Kind != TokKind.Close || !_toks[^1].IsDisplay)
        {
            return;
        }

        for (var i = _toks.Count - 1; i >= 0; i--)
        {
            var tok = _toks[i];
            if (tok.Kind != TokKind.Text)
            {
                if (tok.Kind is TokKind.Close or TokKind.CloseQuote)
                {
                    continue;
                }

                return;
            }

            var trimmed = tok.Text.TrimEnd(' ');
            tok.Text = trimmed;
            _toks[i] = tok;
            if (trimmed.Length > 0)
            {
                return;
            }
        }
    }

    private static bool IsPunct(char c) => c is '.' or ',' or ';' or ':' or '!' or '?';

    /// <summary>Settles punctuation where two pieces meet, and moves commas and periods into quotes.</summary>
    private void FixPunctuation()
    {
        for (var i = 0; i < _toks.Count; i++)
        {
            var tok = _toks[i];
            if (tok.Kind != TokKind.Text || tok.Text.Length == 0)
            {
                continue;
            }

            var first = tok.Text[0];
            if (first == ' ' && tok.FromStyle)
            {
                // Collapse a double space made by an affix meeting a delimiter.
                var p = PreviousText(i, out _);
                if (p >= 0 && _toks[p].Text.EndsWith(' '))
                {
                    tok.Text = tok.Text[1..];
                    _toks[i] = tok;
                    i--;
                }

                continue;
            }

            if (!IsPunct(first))
            {
                continue;
            }

            var prev = PreviousText(i, out var crossedQuote);
            if (prev < 0)
            {
                continue;
            }

            var prevText = _toks[prev].Text;
            var last = prevText[^1];
            if (crossedQuote >= 0 && tok.Verbatim)
            {
                continue;
            }

            if (crossedQuote >= 0 && _quotes.PunctuationInQuote && first is '.' or ',' or '!' or '?')
            {
                // Move the mark inside the closing quote, then settle it against the quoted text.
                tok.Text = tok.Text[1..];
                _toks[i] = tok;
                if (!(IsPunct(last) && Absorbs(last, first)))
                {
                    var q = _toks[prev];
                    q.Text = prevText + first;
                    _toks[prev] = q;
                }

                i--;
                continue;
            }

            if (IsPunct(last) && Absorbs(last, first))
            {
                tok.Text = tok.Text[1..];
                _toks[i] = tok;
                i--;
            }
            else if (first is '!' or '?' && last is ':' or ';')
            {
                // A colon or semicolon gives way to a following exclamation or question mark, which then
                // meets what stood before it (a closing quote, say) afresh.
                var q = _toks[prev];
                q.Text = prevText[..^1];
                _toks[prev] = q;
                i--;
            }
        }
    }

    /// <summary>Whether a mark already ending the text makes the following one redundant.</summary>
    private static bool Absorbs(char last, char next) =>
        last == next || next switch
        {
            '.' => last is '!' or '?' or ':' or ';',
            ':' => last is ';' or '!' or '?' or ':',
            _ => false,
        };

    private int PreviousText(int index, out int crossedQuote)
    {
        crossedQuote = -1;
        for (var j = index - 1; j >= 0; j--)
        {
            var t = _toks[j];
            switch (t.Kind)
            {
                case TokKind.Text:
                    if (t.Text.Length > 0)
                    {
                        return j;
                    }

                    break;
                case TokKind.Close:
                    break;
                case TokKind.CloseQuote:
                    crossedQuote = j;
                    break;
                default:
                    return -1;
            }
        }

        return -1;
    }

    private string Emit()
    {
        var sb = new StringBuilder();
        foreach (var tok in _toks)
        {
            switch (tok.Kind)
            {
                case TokKind.Text:
                    if (_html)
                    {
                        AppendEscaped(sb, tok.Text);
                    }
                    else
                    {
                        sb.Append(tok.Text);
                    }

                    break;
                case TokKind.Open:
                case TokKind.Close:
                    if (_html)
                    {
                        sb.Append(tok.Text);
                    }

                    break;
                default:
                    sb.Append(tok.Text);
                    break;
            }
        }

        return sb.ToString();
    }

    public static void AppendEscaped(StringBuilder sb, string text)
    {
        foreach (var c in text)
        {
            switch (c)
            {
                case '&':
                    sb.Append("&#38;");
                    break;
                case '<':
                    sb.Append("&#60;");
                    break;
                case '>':
                    sb.Append("&#62;");
                    break;
                default:
                    if (c >= '\u00aa' && Superscripts.TryGetValue(c, out var plain))
                    {
                        // citeproc-js writes superscript characters as <sup> markup.
                        sb.Append("<sup>").Append(plain).Append("</sup>");
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }
    }

    private static readonly Dictionary<char, string> Superscripts = new()
    {
        ['\u00aa'] = "a", ['\u00ba'] = "o", ['\u00b9'] = "1", ['\u00b2'] = "2", ['\u00b3'] = "3",
        ['\u2070'] = "0", ['\u2074'] = "4", ['\u2075'] = "5", ['\u2076'] = "6", ['\u2077'] = "7",
        ['\u2078'] = "8", ['\u2079'] = "9", ['\u207a'] = "+", ['\u207b'] = "\u2212", ['\u207c'] = "=",
        ['\u207d'] = "(", ['\u207e'] = ")", ['\u207f'] = "n", ['\u02b0'] = "h", ['\u02b2'] = "j",
        ['\u02b3'] = "r", ['\u02b7'] = "w", ['\u02b8'] = "y", ['\u02e1'] = "l", ['\u02e2'] = "s",
        ['\u02e3'] = "x", ['\u1d43'] = "a", ['\u1d47'] = "b", ['\u1d48'] = "d", ['\u1d49'] = "e",
        ['\u1d4d'] = "g", ['\u1d4f'] = "k", ['\u1d50'] = "m", ['\u1d52'] = "o", ['\u1d56'] = "p",
        ['\u1d57'] = "t", ['\u1d58'] = "u", ['\u1d5b'] = "v", ['\u1d9c'] = "c", ['\u1da0'] = "f",
        ['\u1dbb'] = "z", ['\u2071'] = "i",
    };
}

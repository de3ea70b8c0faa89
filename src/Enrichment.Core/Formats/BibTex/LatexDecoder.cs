using System.Buffers;
using System.Text;

namespace Enrichment.Core.Formats.BibTex;

/// <summary>
/// Turns the LaTeX found in BibTeX values into Unicode: accents, special letters, escaped characters,
/// dashes, <c>~</c>, a few formatting commands (as CSL-JSON rich text: <c>&lt;i&gt;</c>, <c>&lt;b&gt;</c>,
/// <c>&lt;sup&gt;</c>, <c>&lt;sub&gt;</c>). Math (<c>$...$</c>) and unknown commands are left as they are;
/// Unicode input passes through untouched.
/// </summary>
public static class LatexDecoder
{
    /// <summary>The CSL-JSON convention (citeproc-js, pandoc) for text that must keep its case.</summary>
    public const string NoCaseOpen = "<span class=\"nocase\">";

    public const string SpanClose = "</span>";

    public const string SmallCapsOpen = "<span style=\"font-variant:small-caps;\">";

    private static readonly SearchValues<char> Triggers = SearchValues.Create("\\{}~");

    // Plain text between the characters the decoder acts on.
    private static readonly SearchValues<char> Specials = SearchValues.Create("\\{}~-$");

    [ThreadStatic]
    private static StringBuilder? t_builder;

    [ThreadStatic]
    private static List<string>? t_closers;

    // Set when the value decoded last on this thread had markup past ReaderLimits.MaxMarkupDepth.
    [ThreadStatic]
    private static bool t_markupCapped;

    /// <summary>Deepest rich-text markup produced (see <see cref="ReaderLimits.MaxMarkupDepth"/>); deeper formatting stays LaTeX text.</summary>
    public static int MaxMarkupDepth => ReaderLimits.Default.MaxMarkupDepth;

    /// <summary>Deepest accent argument decoded inside another (see <see cref="ReaderLimits.MaxLatexDepth"/>); deeper stays as written.</summary>
    public static int MaxNestedDepth => ReaderLimits.Default.MaxLatexDepth;

    /// <summary>True when <paramref name="text"/> holds anything the decoder would change.</summary>
    public static bool NeedsDecoding(ReadOnlySpan<char> text) =>
        text.IndexOfAny(Triggers) >= 0 || text.IndexOf("--", StringComparison.Ordinal) >= 0;

    /// <summary>
    /// Decodes <paramref name="text"/>. With <paramref name="markCaseProtection"/> (title-like fields), a
    /// top-level brace group that protects capitals becomes <c>&lt;span class="nocase"&gt;...&lt;/span&gt;</c>,
    /// unless it is the whole value; otherwise braces are simply removed.
    /// </summary>
    public static string Decode(string text, bool markCaseProtection = false) => Decode(text, markCaseProtection, out _);

    /// <summary>
    /// As <see cref="Decode(string, bool)"/>; <paramref name="markupCapped"/> says whether formatting nested deeper
    /// than <see cref="MaxMarkupDepth"/> was kept as LaTeX text instead of markup (the reader warns about it).
    /// </summary>
    public static string Decode(string text, bool markCaseProtection, out bool markupCapped)
    {
        ArgumentNullException.ThrowIfNull(text);
        markupCapped = false;
        if (!NeedsDecoding(text))
        {
            return text;
        }

        var builder = t_builder ??= new StringBuilder(256);
        var closers = t_closers ??= new List<string>(8);
        builder.Clear();
        closers.Clear();
        t_markupCapped = false;
        DecodeInto(text, markCaseProtection, builder, closers, depth: 0);
        markupCapped = t_markupCapped;
        return builder.ToString();
    }

    // An accent's argument with commands in it (\'{\O}) is decoded while the outer value is: its own buffers.
    // Each level is a few frames deeper, so past MaxNestedDepth the argument is kept as written.
    private static string DecodeNested(ReadOnlySpan<char> text, int depth)
    {
        if (depth > MaxNestedDepth)
        {
            return text.ToString();
        }

        var builder = new StringBuilder(text.Length);
        DecodeInto(text, markCaseProtection: false, builder, new List<string>(2), depth);
        return builder.ToString();
    }

    /// <summary>How many markup tags a closer string closes (<c>&lt;/i&gt;&lt;/b&gt;</c> closes two; a literal <c>}</c> none).</summary>
    private static int TagCount(string closer)
    {
        var count = 0;
        for (var at = closer.IndexOf("</", StringComparison.Ordinal); at >= 0; at = closer.IndexOf("</", at + 2, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static void DecodeInto(ReadOnlySpan<char> s, bool markCaseProtection, StringBuilder builder, List<string> closers, int depth)
    {
        var protectDepth = -1;
        var markup = 0;
        var i = 0;
        while (i < s.Length)
        {
            var plain = s[i..].IndexOfAny(Specials);
            if (plain < 0)
            {
                builder.Append(s[i..]);
                break;
            }

            builder.Append(s.Slice(i, plain));
            i += plain;
            switch (s[i])
            {
                case '\\':
                    i = Command(s, i, builder, closers, depth, ref markup);
                    break;
                case '{':
                    var opener = "";
                    if (markCaseProtection && protectDepth < 0 && closers.Count == 0 && !(i + 1 < s.Length && s[i + 1] == '\\'))
                    {
                        var close = MatchingBrace(s, i);
                        var whole = i == 0 && close == s.Length - 1;
                        if (close > 0 && !whole && HasCapital(s[(i + 1)..close]))
                        {
                            opener = NoCaseOpen;
                            protectDepth = closers.Count;
                            markup++;
                        }
                    }

                    builder.Append(opener);
                    closers.Add(opener.Length == 0 ? "" : SpanClose);
                    i++;
                    break;
                case '}':
                    if (closers.Count > 0)
                    {
                        builder.Append(closers[^1]);
                        markup -= TagCount(closers[^1]);
                        closers.RemoveAt(closers.Count - 1);
                        if (closers.Count <= protectDepth)
                        {
                            protectDepth = -1;
                        }
                    }

                    i++;
                    break;
                case '~':
                    builder.Append('\u00A0');
                    i++;
                    break;
                case '-':
                    if (i + 2 < s.Length && s[i + 1] == '-' && s[i + 2] == '-')
                    {
                        builder.Append('\u2014');
                        i += 3;
                    }
                    else if (i + 1 < s.Length && s[i + 1] == '-')
                    {
                        builder.Append('\u2013');
                        i += 2;
                    }
                    else
                    {
                        builder.Append('-');
                        i++;
                    }

                    break;
                default:
                    i = CopyMath(s, i, builder);
                    break;
            }
        }

        // Declarations such as {\em ...} left open at the end of the value.
        for (var k = closers.Count - 1; k >= 0; k--)
        {
            builder.Append(closers[k]);
        }
    }

    private static int CopyMath(ReadOnlySpan<char> s, int i, StringBuilder builder)
    {
        // $...$ and $$...$$ stay as they are, with their braces and backslashes.
        var j = i + 1;
        while (j < s.Length && s[j] == '$')
        {
            j++;
        }

        var fence = j - i;
        for (var k = j; k < s.Length; k++)
        {
            if (s[k] == '\\')
            {
                k++;
                continue;
            }

            if (s[k] == '$')
            {
                var end = k + fence;
                builder.Append(s[i..Math.Min(end, s.Length)]);
                return Math.Min(end, s.Length);
            }
        }

        builder.Append(s.Slice(i, fence));
        return j;
    }

    private static int MatchingBrace(ReadOnlySpan<char> s, int open)
    {
        var depth = 0;
        for (var k = open; k < s.Length; k++)
        {
            switch (s[k])
            {
                case '\\':
                    k++;
                    break;
                case '{':
                    depth++;
                    break;
                case '}':
                    if (--depth == 0)
                    {
                        return k;
                    }

                    break;
            }
        }

        return -1;
    }

    private static bool HasCapital(ReadOnlySpan<char> s)
    {
        for (var k = 0; k < s.Length; k++)
        {
            if (s[k] == '\\')
            {
                // Skip the command's name: \emph is not a capital, \O is.
                var n = k + 1;
                while (n < s.Length && char.IsAsciiLetter(s[n]))
                {
                    n++;
                }

                if (n - k - 1 is 1 or 2 && char.IsAsciiLetterUpper(s[k + 1]) && SpecialLetters.ContainsKey(s.Slice(k + 1, n - k - 1).ToString()))
                {
                    return true;
                }

                k = Math.Max(k, n - 1);
                continue;
            }

            if (char.IsUpper(s[k]))
            {
                return true;
            }
        }

        return false;
    }

    private static int Command(ReadOnlySpan<char> s, int i, StringBuilder builder, List<string> closers, int depth, ref int markup)
    {
        if (i + 1 >= s.Length)
        {
            builder.Append('\\');
            return i + 1;
        }

        var d = s[i + 1];
        if (!char.IsAsciiLetter(d))
        {
            var mark = AccentMark(d);
            if (mark != '\0')
            {
                return Accent(s, i + 2, mark, builder, depth);
            }

            switch (d)
            {
                case '&' or '%' or '$' or '#' or '_' or '{' or '}':
                    builder.Append(d);
                    break;
                case ' ' or '\n':
                    builder.Append(' ');
                    break;
                case ',':
                    builder.Append('\u2009');
                    break;
                case '-' or '/' or '@':
                    break;
                case '\\':
                    builder.Append(' ');
                    break;
                default:
                    builder.Append('\\').Append(d);
                    break;
            }

            return i + 2;
        }

        var end = i + 1;
        while (end < s.Length && char.IsAsciiLetter(s[end]))
        {
            end++;
        }

        var name = s[(i + 1)..end];
        var lookup = SpecialLetters.GetAlternateLookup<ReadOnlySpan<char>>();
        if (name.Length == 1 && AccentMark(name[0]) is var letterMark && letterMark != '\0' && IsLetterAccent(name[0]))
        {
            return Accent(s, end, letterMark, builder, depth);
        }

        if (lookup.TryGetValue(name, out var letter))
        {
            builder.Append(letter);
            return SkipEmptyArgument(s, SkipSpaces(s, end));
        }

        if (FormattingTags.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out var tags))
        {
            var next = SkipSpaces(s, end);
            if (next < s.Length && s[next] == '{')
            {
                if (markup >= MaxMarkupDepth)
                {
                    // Too deep to be markup: the command stays as LaTeX text, and so does its closing brace.
                    t_markupCapped = true;
                    builder.Append(s[i..(next + 1)]);
                    closers.Add("}");
                    return next + 1;
                }

                builder.Append(tags.Open);
                closers.Add(tags.Close);
                markup++;
                return next + 1;
            }

            return next;
        }

        if (Declarations.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out var declared))
        {
            // {\em text}: the declaration runs to the end of the enclosing group.
            if (declared.Open.Length > 0 && markup >= MaxMarkupDepth)
            {
                t_markupCapped = true;
                builder.Append(s[i..end]);
                return end;
            }

            markup += declared.Open.Length > 0 ? 1 : 0;
            builder.Append(declared.Open);
            if (closers.Count > 0)
            {
                closers[^1] = declared.Close + closers[^1];
            }
            else
            {
                closers.Add(declared.Close);
            }

            return SkipSpaces(s, end);
        }

        if (name is "url" or "nolinkurl" or "mbox" or "text" or "textnormal" or "textrm" or "textsf" or "texttt" or "textup" or "textmd" or "relax" or "protect")
        {
            // Commands that only change the font or protect: their argument is plain text.
            return SkipSpaces(s, end);
        }

        // Unknown command: keep it and its braced arguments as they are.
        var stop = end;
        while (stop < s.Length && s[stop] == '{')
        {
            var close = MatchingBrace(s, stop);
            if (close < 0)
            {
                break;
            }

            stop = close + 1;
        }

        builder.Append(s[i..stop]);
        return stop;
    }

    private static int SkipSpaces(ReadOnlySpan<char> s, int k)
    {
        while (k < s.Length && s[k] is ' ' or '\t' or '\n' or '\r')
        {
            k++;
        }

        return k;
    }

    private static int SkipEmptyArgument(ReadOnlySpan<char> s, int k) =>
        k + 1 < s.Length && s[k] == '{' && s[k + 1] == '}' ? k + 2 : k;

    private static bool IsLetterAccent(char c) => c is 'c' or 'v' or 'u' or 'H' or 'k' or 'r' or 'd' or 'b' or 't';

    private static char AccentMark(char c) => c switch
    {
        '`' => '\u0300',
        '\'' => '\u0301',
        '^' => '\u0302',
        '~' => '\u0303',
        '=' => '\u0304',
        'u' => '\u0306',
        '.' => '\u0307',
        '"' => '\u0308',
        'r' => '\u030A',
        'H' => '\u030B',
        'v' => '\u030C',
        'd' => '\u0323',
        'c' => '\u0327',
        'k' => '\u0328',
        'b' => '\u0331',
        't' => '\u0361',
        _ => '\0',
    };

    private static int Accent(ReadOnlySpan<char> s, int k, char mark, StringBuilder builder, int depth)
    {
        k = SkipSpaces(s, k);
        ReadOnlySpan<char> argument;
        int next;
        if (k < s.Length && s[k] == '{')
        {
            var close = MatchingBrace(s, k);
            if (close < 0)
            {
                builder.Append(mark);
                return k;
            }

            argument = s[(k + 1)..close].Trim();
            next = close + 1;
        }
        else if (k < s.Length && s[k] == '\\')
        {
            var end = k + 1;
            while (end < s.Length && char.IsAsciiLetter(s[end]))
            {
                end++;
            }

            argument = s[k..end];
            next = SkipSpaces(s, end);
        }
        else if (k < s.Length)
        {
            argument = s.Slice(k, 1);
            next = k + 1;
        }
        else
        {
            builder.Append(mark);
            return k;
        }

        // \i and \j are the dotless letters an accent sits on.
        if (argument is "\\i" or "\\i{}")
        {
            argument = "i";
        }
        else if (argument is "\\j" or "\\j{}")
        {
            argument = "j";
        }

        if (argument.IsEmpty)
        {
            builder.Append(mark);
            return next;
        }

        var decoded = argument.Length == 1 || !NeedsDecoding(argument) ? null : DecodeNested(argument, depth + 1);
        var baseText = decoded is null ? argument : decoded.AsSpan();
        if (baseText.IsEmpty)
        {
            // The argument decoded to nothing (\t\text{}): the accent has no letter to sit on.
            builder.Append(mark);
            return next;
        }

        builder.Append(Compose(baseText[0], mark));
        builder.Append(baseText[1..]);
        return next;
    }

    private static string Compose(char letter, char mark)
    {
        if (Compositions.TryGetValue(mark, out var table))
        {
            var at = table.Bases.IndexOf(letter, StringComparison.Ordinal);
            if (at >= 0)
            {
                return table.Composed[at].ToString();
            }
        }

        return string.Concat(letter.ToString(), mark.ToString());
    }

    private static readonly Dictionary<char, (string Bases, string Composed)> Compositions = new()
    {
        ['\u0300'] = ("AEIOUaeiouNnWwYy", "ÀÈÌÒÙàèìòùǸǹẀẁỲỳ"),
        ['\u0301'] = ("AEIOUYaeiouyCcNnSsZzLlRrGgKkMmPpWw", "ÁÉÍÓÚÝáéíóúýĆćŃńŚśŹźĹĺŔŕǴǵḰḱḾḿṔṕẂẃ"),
        ['\u0302'] = ("AEIOUaeiouCcGgHhJjSsWwYyZz", "ÂÊÎÔÛâêîôûĈĉĜĝĤĥĴĵŜŝŴŵŶŷẐẑ"),
        ['\u0303'] = ("ANOanoIiUuEeYy", "ÃÑÕãñõĨĩŨũẼẽỸỹ"),
        ['\u0304'] = ("AEIOUaeiouGgYy", "ĀĒĪŌŪāēīōūḠḡȲȳ"),
        ['\u0306'] = ("AaEeGgIiOoUu", "ĂăĔĕĞğĬĭŎŏŬŭ"),
        ['\u0307'] = ("CcEeGgIZzAaOoBbDdFfHhMmNnPpRrSsTtWwXxYy", "ĊċĖėĠġİŻżȦȧȮȯḂḃḊḋḞḟḢḣṀṁṄṅṖṗṘṙṠṡṪṫẆẇẊẋẎẏ"),
        ['\u0308'] = ("AEIOUaeiouyYHhWwXxt", "ÄËÏÖÜäëïöüÿŸḦḧẄẅẌẍẗ"),
        ['\u030A'] = ("AaUuwy", "ÅåŮůẘẙ"),
        ['\u030B'] = ("OoUu", "ŐőŰű"),
        ['\u030C'] = ("CcDdEeNnRrSsTtZzAaIiOoUuGgKkLlHhj", "ČčĎďĚěŇňŘřŠšŤťŽžǍǎǏǐǑǒǓǔǦǧǨǩĽľȞȟǰ"),
        ['\u0323'] = ("AaEeIiOoUuYyBbDdHhKkLlMmNnRrSsTtVvWwZz", "ẠạẸẹỊịỌọỤụỴỵḄḅḌḍḤḥḲḳḶḷṂṃṆṇṚṛṢṣṬṭṾṿẈẉẒẓ"),
        ['\u0327'] = ("CcSsTtGgKkLlNnRrEeHh", "ÇçŞşŢţĢģĶķĻļŅņŖŗȨȩḨḩ"),
        ['\u0328'] = ("AaEeIiUuOo", "ĄąĘęĮįŲųǪǫ"),
        ['\u0331'] = ("BbDdKkLlNnRrTtZz", "ḆḇḎḏḴḵḺḻṈṉṞṟṮṯẔẕ"),
    };

    /// <summary>For tests: every composition table pairs each base with one composed letter.</summary>
    internal static IEnumerable<(char Mark, string Bases, string Composed)> CompositionTables =>
        Compositions.Select(p => (p.Key, p.Value.Bases, p.Value.Composed));

    private static readonly Dictionary<string, string> SpecialLetters = new(StringComparer.Ordinal)
    {
        ["ss"] = "ß", ["SS"] = "SS", ["o"] = "ø", ["O"] = "Ø", ["aa"] = "å", ["AA"] = "Å", ["ae"] = "æ",
        ["AE"] = "Æ", ["oe"] = "œ", ["OE"] = "Œ", ["l"] = "ł", ["L"] = "Ł", ["i"] = "ı", ["j"] = "ȷ",
        ["dh"] = "ð", ["DH"] = "Ð", ["th"] = "þ", ["TH"] = "Þ", ["ng"] = "ŋ", ["NG"] = "Ŋ", ["dj"] = "đ",
        ["DJ"] = "Đ", ["textendash"] = "\u2013", ["textemdash"] = "\u2014", ["ldots"] = "\u2026",
        ["dots"] = "\u2026", ["textellipsis"] = "\u2026", ["textbackslash"] = "\\", ["textasciitilde"] = "~",
        ["textasciicircum"] = "^", ["textunderscore"] = "_", ["textbar"] = "|", ["textless"] = "<",
        ["textgreater"] = ">", ["textquoteleft"] = "\u2018", ["textquoteright"] = "\u2019",
        ["textquotedblleft"] = "\u201C", ["textquotedblright"] = "\u201D", ["guillemotleft"] = "«",
        ["guillemotright"] = "»", ["S"] = "§", ["P"] = "¶", ["textsection"] = "§", ["copyright"] = "©",
        ["textcopyright"] = "©", ["textregistered"] = "®", ["texttrademark"] = "™", ["pounds"] = "£",
        ["textsterling"] = "£", ["euro"] = "€", ["texteuro"] = "€", ["textdegree"] = "°", ["textbullet"] = "•",
        ["textdagger"] = "†", ["dag"] = "†", ["textexclamdown"] = "¡", ["textquestiondown"] = "¿",
        ["space"] = " ", ["quad"] = "\u2003", ["slash"] = "/", ["nobreakspace"] = "\u00A0", ["textperiodcentered"] = "·",
        ["textdollar"] = "$", ["textbraceleft"] = "{", ["textbraceright"] = "}", ["textpercent"] = "%",
        ["textampersand"] = "&", ["LaTeX"] = "LaTeX", ["TeX"] = "TeX", ["BibTeX"] = "BibTeX",
    };

    private static readonly Dictionary<string, (string Open, string Close)> FormattingTags = new(StringComparer.Ordinal)
    {
        ["emph"] = ("<i>", "</i>"),
        ["textit"] = ("<i>", "</i>"),
        ["textsl"] = ("<i>", "</i>"),
        ["mkbibemph"] = ("<i>", "</i>"),
        ["textbf"] = ("<b>", "</b>"),
        ["mkbibbold"] = ("<b>", "</b>"),
        ["textsc"] = (SmallCapsOpen, SpanClose),
        ["textsuperscript"] = ("<sup>", "</sup>"),
        ["mkbibsuperscript"] = ("<sup>", "</sup>"),
        ["textsubscript"] = ("<sub>", "</sub>"),
    };

    private static readonly Dictionary<string, (string Open, string Close)> Declarations = new(StringComparer.Ordinal)
    {
        ["em"] = ("<i>", "</i>"),
        ["it"] = ("<i>", "</i>"),
        ["itshape"] = ("<i>", "</i>"),
        ["sl"] = ("<i>", "</i>"),
        ["bf"] = ("<b>", "</b>"),
        ["bfseries"] = ("<b>", "</b>"),
        ["sc"] = (SmallCapsOpen, SpanClose),
        ["scshape"] = (SmallCapsOpen, SpanClose),
        ["rm"] = ("", ""),
        ["sf"] = ("", ""),
        ["tt"] = ("", ""),
        ["upshape"] = ("", ""),
        ["normalfont"] = ("", ""),
    };

    private static readonly Lazy<Dictionary<char, string>> Folds = new(() =>
    {
        var folds = new Dictionary<char, string>
        {
            ['ß'] = "ss", ['ø'] = "o", ['Ø'] = "o", ['æ'] = "ae", ['Æ'] = "ae", ['œ'] = "oe", ['Œ'] = "oe",
            ['ł'] = "l", ['Ł'] = "l", ['ı'] = "i", ['ð'] = "d", ['Ð'] = "d", ['þ'] = "th", ['Þ'] = "th", ['đ'] = "d", ['Đ'] = "d",
        };
        foreach (var (bases, composed) in Compositions.Values)
        {
            for (var k = 0; k < bases.Length; k++)
            {
                folds.TryAdd(composed[k], char.ToLowerInvariant(bases[k]).ToString());
            }
        }

        return folds;
    });

    /// <summary>Appends <paramref name="c"/> folded to lower-case ASCII letters or digits (é to e, ß to ss), or nothing.</summary>
    internal static void AppendAsciiFold(StringBuilder builder, char c)
    {
        if (char.IsAsciiLetterOrDigit(c))
        {
            builder.Append(char.ToLowerInvariant(c));
        }
        else if (Folds.Value.TryGetValue(c, out var folded))
        {
            builder.Append(folded);
        }
    }

    /// <summary>The case a special letter command has (\O is upper, \o lower), for name parsing.</summary>
    internal static bool IsSpecialLetter(ReadOnlySpan<char> name) =>
        name.Length <= 2 && SpecialLetters.GetAlternateLookup<ReadOnlySpan<char>>().ContainsKey(name);
}

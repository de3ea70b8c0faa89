using Enrichment.Core.Citations.Csl.Model;

namespace Enrichment.Core.Citations.Csl.Output;

/// <summary>
/// CSL text-case over a node's leaves as one string, so word boundaries cross markup; nocase spans keep
/// their letters. Transforms are per character, so leaves keep their lengths.
/// </summary>
internal static class TextCase
{
    private static readonly char[] WordEnd = ['.', ',', ':', ';', '?', '!', ')', '\u2019', '"', '\u201d'];

    // The words citeproc-js leaves lower-case in title case (articles, conjunctions, prepositions, particles).
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "about", "above", "across", "afore", "after", "against", "along", "alongside", "amid", "amidst",
        "among", "amongst", "an", "and", "anenst", "apropos", "apud", "around", "as", "aside", "astride", "at",
        "athwart", "atop", "barring", "before", "behind", "below", "beneath", "beside", "besides", "between",
        "beyond", "but", "by", "circa", "despite", "down", "during", "except", "for", "forenenst", "from",
        "given", "in", "inside", "into", "lest", "like", "modulo", "near", "next", "nor", "notwithstanding",
        "of", "off", "on", "onto", "or", "out", "over", "per", "plus", "pro", "qua", "sans", "since", "so",
        "than", "the", "through", "thru", "throughout", "thruout", "till", "to", "toward", "towards", "under",
        "underneath", "until", "unto", "up", "upon", "versus", "via", "vs", "vs.", "v", "v.", "with", "within",
        "without", "yet", "de", "d'", "et", "von", "van", "ca",
    };

    public static void Apply(Node node, LetterCase textCase, bool english)
    {
        if (textCase == LetterCase.Title && !english)
        {
            return;
        }

        var leaves = new List<(Node Leaf, bool NoCase)>();
        Collect(node, false, leaves);
        if (leaves.Count == 0)
        {
            return;
        }

        var length = 0;
        foreach (var (leaf, _) in leaves)
        {
            length += leaf.Text!.Length;
        }

        var text = new char[length];
        var mask = new bool[length];
        var at = 0;
        foreach (var (leaf, noCase) in leaves)
        {
            leaf.Text!.CopyTo(0, text, at, leaf.Text.Length);
            if (noCase)
            {
                Array.Fill(mask, true, at, leaf.Text.Length);
            }

            at += leaf.Text.Length;
        }
        switch (textCase)
        {
            case LetterCase.Lowercase:
                Each(text, mask, char.ToLowerInvariant);
                break;
            case LetterCase.Uppercase:
                Each(text, mask, char.ToUpperInvariant);
                break;
            case LetterCase.CapitalizeFirst:
                CapitalizeFirst(text, mask);
                break;
            case LetterCase.CapitalizeAll:
                CapitalizeWords(text, mask, title: false);
                break;
            case LetterCase.Sentence:
                if (IsAllUpper(text))
                {
                    Each(text, mask, char.ToLowerInvariant);
                }

                CapitalizeFirst(text, mask);
                break;
            case LetterCase.Title:
                CapitalizeWords(text, mask, title: true);
                break;
        }

        var offset = 0;
        foreach (var (leaf, _) in leaves)
        {
            var size = leaf.Text!.Length;
            leaf.Text = new string(text, offset, size);
            offset += size;
        }
    }

    private static void Collect(Node node, bool noCase, List<(Node, bool)> leaves)
    {
        noCase |= node.NoCase || node.FontVariant == FontVariant.SmallCaps || node.VerticalAlign is VerticalAlign.Sup or VerticalAlign.Sub;
        if (node.Text is not null)
        {
            if (!node.IsMarkup)
            {
                leaves.Add((node, noCase));
            }
        }
        else if (node.Kids is not null)
        {
            foreach (var kid in node.Kids)
            {
                Collect(kid, noCase, leaves);
            }
        }
    }

    private static void Each(char[] text, bool[] mask, Func<char, char> f)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (!mask[i])
            {
                text[i] = f(text[i]);
            }
        }
    }

    private static bool IsAllUpper(char[] text)
    {
        var letters = false;
        foreach (var c in text)
        {
            if (char.IsLetter(c))
            {
                letters = true;
                if (char.IsLower(c))
                {
                    return false;
                }
            }
        }

        return letters;
    }

    private static void CapitalizeFirst(char[] text, bool[] mask)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsLetterOrDigit(text[i]) && !char.IsLetter(text[i]))
            {
                // "54th EAEG Meeting" opens with a digit: there is no first letter to capitalise.
                return;
            }

            if (char.IsLetter(text[i]))
            {
                // Only a lowercase word is capitalised (CSL 1.0.2, text-case): "openRxiv" stays as written.
                var end = i + 1;
                while (end < text.Length && !char.IsWhiteSpace(text[end]))
                {
                    end++;
                }

                if (!mask[i] && !HasInnerCapital(text, i + 1, end))
                {
                    text[i] = char.ToUpperInvariant(text[i]);
                }

                return;
            }
        }
    }

    private static void CapitalizeWords(char[] text, bool[] mask, bool title)
    {
        // Compound checks need the text as written; only hyphenated text needs the copy.
        var original = title && text.AsSpan().IndexOfAny("-\u2013\u2014/") >= 0 ? (char[])text.Clone() : text;
        // Find words: runs of non-space characters.
        var words = new List<(int Start, int End)>();
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && IsSeparator(text[i], title))
            {
                i++;
            }

            var start = i;
            while (i < text.Length && !IsSeparator(text[i], title) && !(title && IsInnerStop(text, i)))
            {
                i++;
            }

            if (i < text.Length && title && IsInnerStop(text, i))
            {
                // "NWD165827.recab.cram" is three words to citeproc-js: the stop stays with the word before it.
                i++;
            }

            if (i > start)
            {
                words.Add((start, i));
            }
        }

        for (var w = 0; w < words.Count; w++)
        {
            var (start, end) = words[w];
            // Opening brackets and quotes are looked past; a word that opens with anything else that is not a
            // letter ("54th", "$\\sqrt", "#tag", "\u00abguil") is left as written, as citeproc-js does.
            var letter = start;
            while (letter < end && text[letter] is '(' or '[' or '"' or '\'' or '\u2018' or '\u201c')
            {
                letter++;
            }

            if (letter >= end || !char.IsLetter(text[letter]) || mask[letter]
                || (title && end - start == 1 && start > 0 && text[start - 1] == '-' && char.IsLower(text[start])))
            {
                continue;
            }

            if (title)
            {
                var word = new string(text, letter, end - letter).TrimEnd(WordEnd);
                var afterColon = w > 0 && EndsSentence(text, words[w - 1].End, start);
                // "pro-environmental" capitalises its stop-word head; "near-Earth", written with capitals, does not.
                var beforeHyphen = end < text.Length && text[end] == '-' && !(start > 0 && text[start - 1] == '-')
                    && !(end - letter == 1 && char.IsLower(text[letter])) && !CompoundHasCapital(original, start, end);
                // An elided article or preposition ("l\u2019histoire", "d\u2019accord") stays as written after the first word.
                var elided = word.Length > 2 && word[1] is '\'' or '\u2019' && char.IsLower(word[0]);
                if (w > 0 && !afterColon && elided)
                {
                    continue;
                }

                if (w > 0 && w < words.Count - 1 && !afterColon && !beforeHyphen && (StopWords.Contains(word.ToLowerInvariant()) || (word.Length == 1 && char.IsLower(word[0]))))
                {
                    // Left as written: citeproc-js does not lower-case a capitalised stop word.
                    continue;
                }

            }

            // Words with capitals after the first letter (iPhone, McDonald, near-Earth) are left as written:
            // title and capitalize-all capitalise lowercase words only.
            if (HasInnerCapital(text, letter + 1, end))
            {
                continue;
            }

            text[letter] = char.ToUpperInvariant(text[letter]);
        }
    }

    private static bool EndsSentence(char[] text, int previousEnd, int start)
    {
        for (var j = previousEnd - 1; j >= 0 && j < start; j--)
        {
            if (text[j] is ':' or '?' or '!')
            {
                return true;
            }

            if (!char.IsWhiteSpace(text[j]) && text[j] is not ('\u201d' or '"' or '\u2019'))
            {
                return false;
            }
        }

        return false;
    }

    private static bool CompoundHasCapital(char[] text, int start, int end)
    {
        // The whole space-delimited token around a hyphenated part.
        var s = start;
        while (s > 0 && !char.IsWhiteSpace(text[s - 1]))
        {
            s--;
        }

        var e = end;
        while (e < text.Length && !char.IsWhiteSpace(text[e]))
        {
            e++;
        }

        if (s == start && e == end)
        {
            return false;
        }

        var firstLetter = s;
        while (firstLetter < e && !char.IsLetter(text[firstLetter]))
        {
            firstLetter++;
        }

        return HasInnerCapital(text, firstLetter + 1, e);
    }

    private static bool HasInnerCapital(char[] text, int from, int end)
    {
        for (var j = from; j < end; j++)
        {
            if (char.IsUpper(text[j]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A period inside a word, followed by a letter ("foo.bar").</summary>
    private static bool IsInnerStop(char[] text, int i) =>
        text[i] == '.' && i > 0 && !IsSeparator(text[i - 1], true) && i + 1 < text.Length && char.IsLetter(text[i + 1]);

    private static bool IsSeparator(char c, bool title) =>
        char.IsWhiteSpace(c) || (title && c is '-' or '/' or '\u2013' or '\u2014');
}

namespace Enrichment.Core.Formats.BibTex;

/// <summary>Where one field lies in the text: its name, and its value as written (delimiters, macros and <c>#</c> included).</summary>
internal readonly record struct FieldSpan(string Name, int NameStart, int ValueStart, int ValueEnd);

/// <summary>Where one entry lies in the text (1-based line and column of its <c>@</c>, as the reader reports them).</summary>
internal sealed record EntrySpan(string Type, string? Key, int Start, int Line, int Column, int KeyEnd, int Close, IReadOnlyList<FieldSpan> Fields);

/// <summary>
/// The layout of a BibTeX text, for writing into it without moving a byte: each entry's span, key and fields.
/// <c>@comment</c>, <c>@string</c> and <c>@preamble</c> are passed over, as is an entry it cannot follow (it is
/// then left as it is). A loop over the text, braces counted, nothing recursive; the text is what the caller
/// already holds (<see cref="BibTexUpdater.MaxTextLength"/>).
/// </summary>
internal static class BibTexLayout
{
    public static List<EntrySpan> Scan(string text)
    {
        var entries = new List<EntrySpan>();
        var at = 0;
        var line = 1;
        var lineStart = 0;
        var counted = 0;
        while ((at = text.IndexOf('@', at)) >= 0)
        {
            for (var k = counted; k < at; k++)
            {
                if (text[k] == '\n')
                {
                    line++;
                    lineStart = k + 1;
                }
            }

            counted = at;

            var next = ScanEntry(text, at, line, at - lineStart + 1, out var entry);
            if (entry is not null)
            {
                entries.Add(entry);
            }

            at = Math.Max(next, at + 1);
        }

        return entries;
    }

    /// <summary>Reads the entry at <paramref name="at"/>; returns where scanning goes on.</summary>
    private static int ScanEntry(string text, int at, int line, int column, out EntrySpan? entry)
    {
        entry = null;
        var k = at + 1;
        while (k < text.Length && (char.IsAsciiLetterOrDigit(text[k]) || text[k] is '_' or '-'))
        {
            k++;
        }

        var type = text[(at + 1)..k].ToLowerInvariant();
        k = SkipSpace(text, k);
        if (type.Length == 0 || k >= text.Length || text[k] is not ('{' or '('))
        {
            return at + 1;
        }

        var close = text[k] == '{' ? '}' : ')';
        if (type is "comment" or "string" or "preamble")
        {
            return SkipBalanced(text, k, close) is var end && end < 0 ? at + 1 : end;
        }

        k = SkipSpace(text, k + 1);
        var keyStart = k;
        while (k < text.Length && !char.IsWhiteSpace(text[k]) && text[k] is not (',' or '=' or '{' or '}' or '"' or '#') && !(close == ')' && text[k] == ')'))
        {
            k++;
        }

        string? key = null;
        var keyEnd = k;
        var afterKey = SkipSpace(text, k);
        if (afterKey < text.Length && text[afterKey] == '=')
        {
            // No key (the seed's "@article { author = ..."): the word is the first field's name.
            k = keyStart;
            keyEnd = keyStart;
        }
        else
        {
            key = k > keyStart ? text[keyStart..k] : null;
            k = afterKey;
        }

        var fields = new List<FieldSpan>();
        while (true)
        {
            k = SkipSpace(text, k);
            if (k >= text.Length)
            {
                return at + 1;
            }

            if (text[k] == close)
            {
                entry = new EntrySpan(type, key, at, line, column, keyEnd, k, fields);
                return k + 1;
            }

            if (text[k] == ',')
            {
                k++;
                continue;
            }

            var nameStart = k;
            while (k < text.Length && !char.IsWhiteSpace(text[k]) && text[k] is not ('=' or ',' or '{' or '}' or '"' or '#' or '(' or ')'))
            {
                k++;
            }

            if (k == nameStart)
            {
                return at + 1;
            }

            var name = text[nameStart..k].ToLowerInvariant();
            k = SkipSpace(text, k);
            if (k >= text.Length || text[k] != '=')
            {
                return at + 1;
            }

            var valueStart = SkipSpace(text, k + 1);
            var valueEnd = ScanValue(text, valueStart, close);
            if (valueEnd < 0)
            {
                return at + 1;
            }

            fields.Add(new FieldSpan(name, nameStart, valueStart, valueEnd));
            k = valueEnd;
        }
    }

    /// <summary>The end of a value: pieces (braced, quoted, a macro or number) joined by <c>#</c>; -1 when it is not closed.</summary>
    private static int ScanValue(string text, int k, char close)
    {
        while (true)
        {
            if (k >= text.Length)
            {
                return -1;
            }

            if (text[k] == '{')
            {
                k = SkipBalanced(text, k, '}');
            }
            else if (text[k] == '"')
            {
                k = SkipQuoted(text, k);
            }
            else
            {
                var start = k;
                while (k < text.Length && !char.IsWhiteSpace(text[k]) && text[k] is not (',' or '#' or '}' or '{' or '"') && text[k] != close)
                {
                    k++;
                }

                if (k == start)
                {
                    return -1;
                }
            }

            if (k < 0)
            {
                return -1;
            }

            var end = k;
            k = SkipSpace(text, k);
            if (k >= text.Length || text[k] != '#')
            {
                return end;
            }

            k = SkipSpace(text, k + 1);
        }
    }

    /// <summary>Past the brace (or parenthesis) group opening at <paramref name="k"/>; -1 when it never closes.</summary>
    private static int SkipBalanced(string text, int k, char close)
    {
        var open = text[k];
        var depth = 0;
        for (; k < text.Length; k++)
        {
            if (text[k] == open)
            {
                depth++;
            }
            else if (text[k] == close && --depth == 0)
            {
                return k + 1;
            }
        }

        return -1;
    }

    private static int SkipQuoted(string text, int k)
    {
        var depth = 0;
        for (k++; k < text.Length; k++)
        {
            switch (text[k])
            {
                case '{':
                    depth++;
                    break;
                case '}':
                    depth--;
                    break;
                case '"' when depth == 0:
                    return k + 1;
            }
        }

        return -1;
    }

    private static int SkipSpace(string text, int k)
    {
        while (k < text.Length && char.IsWhiteSpace(text[k]))
        {
            k++;
        }

        return k;
    }
}

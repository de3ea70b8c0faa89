using System.Collections.Immutable;
using System.Text;
using Enrichment.Core.Records;

namespace Enrichment.Core.Formats.BibTex;

/// <summary>
/// BibTeX name lists, read and written the way BibTeX does: <c>and</c>-separated; each name as
/// <c>First von Last</c>, <c>von Last, First</c> or <c>von Last, Jr, First</c>; a name that is one brace
/// group (<c>{Barnes and Noble, Inc.}</c>) kept whole as a literal; <c>and others</c> as the et-al. marker.
/// The <c>von</c> part becomes CSL's non-dropping particle; lower-case words at the end of the first names
/// (<c>Humboldt, Alexander von</c>) become its dropping particle.
/// </summary>
public static class BibTexNames
{
    [ThreadStatic]
    private static List<(int Start, int End)>? t_tokens;

    [ThreadStatic]
    private static List<int>? t_commas;

    /// <summary>Splits a raw (undecoded) BibTeX name list and decodes each part's LaTeX.</summary>
    public static ImmutableArray<PersonName> Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var names = ImmutableArray.CreateBuilder<PersonName>();
        var tokens = t_tokens ??= new List<(int, int)>(16);
        var commas = t_commas ??= new List<int>(4);
        var start = 0;
        while (start <= value.Length)
        {
            var end = NextAnd(value, start);
            Tokenize(value, start, end, tokens, commas);
            if (tokens.Count > 0)
            {
                names.Add(FromTokens(value, tokens, commas));
            }

            start = end + 5;
        }

        return names.Count == names.Capacity ? names.MoveToImmutable() : names.ToImmutable();
    }

    /// <summary>Writes names back as a BibTeX name list (<c>von Last, Jr, First and ...</c>).</summary>
    public static string Format(IEnumerable<PersonName> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var builder = new StringBuilder();
        foreach (var name in names)
        {
            if (builder.Length > 0)
            {
                builder.Append(" and ");
            }

            AppendName(builder, name);
        }

        return builder.ToString();
    }

    private static void AppendName(StringBuilder builder, PersonName name)
    {
        if (name.IsOthers)
        {
            builder.Append("others");
            return;
        }

        if (name.Family is null)
        {
            var whole = name.Literal ?? name.Given ?? "";
            builder.Append('{');
            BibTexText.AppendEscaped(builder, whole, titleLike: false);
            builder.Append('}');
            return;
        }

        if (!string.IsNullOrEmpty(name.NonDroppingParticle))
        {
            BibTexText.AppendEscaped(builder, name.NonDroppingParticle, titleLike: false);
            builder.Append(' ');
        }

        var family = name.Family;
        var protectFamily = family.Length == 0 || family.Contains(' ', StringComparison.Ordinal) || family.Contains(',', StringComparison.Ordinal)
            || family.Contains('~', StringComparison.Ordinal) || family.Contains('\u00A0', StringComparison.Ordinal)
            || StartsLower(family) || family.Equals("others", StringComparison.OrdinalIgnoreCase);
        builder.Append(protectFamily ? "{" : "");
        BibTexText.AppendEscaped(builder, family, titleLike: false);
        builder.Append(protectFamily ? "}" : "");
        if (!string.IsNullOrEmpty(name.Suffix))
        {
            builder.Append(", ");
            AppendProtectedWords(builder, name.Suffix);
        }

        if (!string.IsNullOrEmpty(name.Given) || !string.IsNullOrEmpty(name.DroppingParticle) || !string.IsNullOrEmpty(name.Suffix))
        {
            builder.Append(", ");
            if (!string.IsNullOrEmpty(name.Given))
            {
                AppendProtectedWords(builder, name.Given);
            }

            if (!string.IsNullOrEmpty(name.DroppingParticle))
            {
                builder.Append(string.IsNullOrEmpty(name.Given) ? "" : " ");
                BibTexText.AppendEscaped(builder, name.DroppingParticle, titleLike: false);
            }
        }
    }

    // Given names and suffixes: a word that starts in lower case or holds a comma is braced, so it stays put.
    private static void AppendProtectedWords(StringBuilder builder, string text)
    {
        var first = true;
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            builder.Append(first ? "" : " ");
            first = false;
            var protect = StartsLower(word) || word.Contains(',', StringComparison.Ordinal) || word.Equals("and", StringComparison.OrdinalIgnoreCase);
            builder.Append(protect ? "{" : "");
            BibTexText.AppendEscaped(builder, word, titleLike: false);
            builder.Append(protect ? "}" : "");
        }
    }

    private static bool StartsLower(string text)
    {
        foreach (var c in text)
        {
            if (char.IsLetter(c))
            {
                return char.IsLower(c);
            }
        }

        return false;
    }

    private static PersonName FromTokens(string value, List<(int Start, int End)> tokens, List<int> commas)
    {
        if (tokens.Count == 1 && commas.Count == 0)
        {
            var only = value.AsSpan(tokens[0].Start, tokens[0].End - tokens[0].Start);
            if (only is "others")
            {
                return PersonName.Others;
            }

            if (IsWholeGroup(only))
            {
                return new PersonName { Literal = LatexDecoder.Decode(only[1..^1].ToString()) };
            }
        }

        string? first = null, von = null, last, jr = null, dropping = null;
        if (commas.Count == 0)
        {
            // First von Last: von starts at the first lower-case word and ends at the last one before Last.
            var n = tokens.Count;
            var vonStart = -1;
            var vonEnd = -1;
            for (var k = 0; k < n - 1; k++)
            {
                if (IsLowerWord(Token(value, tokens, k)))
                {
                    vonStart = vonStart < 0 ? k : vonStart;
                    vonEnd = k;
                }
            }

            if (vonStart < 0)
            {
                first = Join(value, tokens, 0, n - 1);
                last = Join(value, tokens, n - 1, n);
            }
            else
            {
                first = Join(value, tokens, 0, vonStart);
                von = Join(value, tokens, vonStart, vonEnd + 1);
                last = Join(value, tokens, vonEnd + 1, n);
            }
        }
        else
        {
            // von Last, [Jr,] First
            var lastEnd = commas[0];
            var vonEnd = -1;
            for (var k = 0; k < lastEnd - 1; k++)
            {
                if (IsLowerWord(Token(value, tokens, k)))
                {
                    vonEnd = k;
                }
            }

            von = vonEnd < 0 ? null : Join(value, tokens, 0, vonEnd + 1);
            last = Join(value, tokens, vonEnd + 1, lastEnd);
            var firstStart = commas[^1];
            if (commas.Count >= 2)
            {
                jr = Join(value, tokens, commas[0], commas[1]);
                firstStart = commas[1];
            }

            // Trailing lower-case words of the first names: a particle that drops (Humboldt, Alexander von).
            var firstEnd = tokens.Count;
            var dropStart = firstEnd;
            while (dropStart - 1 > firstStart && IsLowerWord(Token(value, tokens, dropStart - 1)))
            {
                dropStart--;
            }

            first = Join(value, tokens, firstStart, dropStart);
            dropping = Join(value, tokens, dropStart, firstEnd);
        }

        return new PersonName
        {
            Given = NullIfEmpty(Decode(first)),
            NonDroppingParticle = NullIfEmpty(Decode(von)),
            Family = Decode(last) ?? "",
            Suffix = NullIfEmpty(Decode(jr)),
            DroppingParticle = NullIfEmpty(Decode(dropping)),
        };
    }

    private static ReadOnlySpan<char> Token(string value, List<(int Start, int End)> tokens, int k) =>
        value.AsSpan(tokens[k].Start, tokens[k].End - tokens[k].Start);

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static string? Decode(string? raw) => raw is null ? null : LatexDecoder.Decode(raw);

    // Tokens from..to-1 joined by single spaces; the source text itself when it already is that.
    private static string? Join(string value, List<(int Start, int End)> tokens, int from, int to)
    {
        if (from >= to)
        {
            return null;
        }

        var start = tokens[from].Start;
        var end = tokens[to - 1].End;
        var span = value.AsSpan(start, end - start);
        var length = 0;
        for (var k = from; k < to; k++)
        {
            length += tokens[k].End - tokens[k].Start + (k > from ? 1 : 0);
        }

        if (length == span.Length && span.IndexOfAny('~', ',') < 0)
        {
            return span.ToString();
        }

        return string.Create(length, (value, tokens, from, to), static (target, state) =>
        {
            var at = 0;
            for (var k = state.from; k < state.to; k++)
            {
                if (k > state.from)
                {
                    target[at++] = ' ';
                }

                var (s, e) = state.tokens[k];
                state.value.AsSpan(s, e - s).CopyTo(target[at..]);
                at += e - s;
            }
        });
    }

    private static bool IsWholeGroup(ReadOnlySpan<char> token)
    {
        if (token.Length < 2 || token[0] != '{' || token[^1] != '}' || (token.Length > 1 && token[1] == '\\'))
        {
            return false;
        }

        var depth = 0;
        for (var k = 0; k < token.Length; k++)
        {
            depth += token[k] switch { '{' => 1, '}' => -1, _ => 0 };
            if (depth == 0 && k < token.Length - 1)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>BibTeX's rule: the case of the first letter at brace depth 0; a special character
    /// (<c>{\"u}</c>, <c>{\o}</c>) counts by its letter; any other brace group is caseless.</summary>
    private static bool IsLowerWord(ReadOnlySpan<char> token)
    {
        for (var k = 0; k < token.Length; k++)
        {
            var c = token[k];
            if (c == '{')
            {
                if (k + 1 < token.Length && token[k + 1] == '\\')
                {
                    return SpecialCharIsLower(token, k + 2);
                }

                return false;
            }

            if (c == '\\')
            {
                return SpecialCharIsLower(token, k + 1);
            }

            if (char.IsLetter(c))
            {
                return char.IsLower(c);
            }
        }

        return false;
    }

    private static bool SpecialCharIsLower(ReadOnlySpan<char> token, int k)
    {
        var end = k;
        while (end < token.Length && char.IsAsciiLetter(token[end]))
        {
            end++;
        }

        if (end > k && LatexDecoder.IsSpecialLetter(token.Slice(k, end - k)))
        {
            return char.IsLower(token[k]);
        }

        // An accent command (\"u, \v{s}): the case of the letter it sits on.
        for (var j = end > k && end - k == 1 ? end : Math.Max(end, k + 1); j < token.Length; j++)
        {
            if (char.IsLetter(token[j]))
            {
                return char.IsLower(token[j]);
            }
        }

        return false;
    }

    // The index of the next " and " at brace depth 0 at or after start, or the end of the value.
    private static int NextAnd(string value, int start)
    {
        var depth = 0;
        for (var k = start; k < value.Length; k++)
        {
            var c = value[k];
            if (c == '{')
            {
                depth++;
            }
            else if (c == '}')
            {
                depth--;
            }
            else if (depth == 0 && IsSpace(c) && k + 4 < value.Length
                && (value[k + 1] | 0x20) == 'a' && (value[k + 2] | 0x20) == 'n' && (value[k + 3] | 0x20) == 'd' && IsSpace(value[k + 4]))
            {
                return k;
            }
        }

        return value.Length;
    }

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\r' or '~';

    private static void Tokenize(string value, int from, int to, List<(int Start, int End)> tokens, List<int> commas)
    {
        tokens.Clear();
        commas.Clear();
        var depth = 0;
        var start = -1;
        for (var k = from; k <= to; k++)
        {
            var c = k < to ? value[k] : ' ';
            if (depth == 0 && (IsSpace(c) || c == ','))
            {
                if (start >= 0)
                {
                    tokens.Add((start, k));
                    start = -1;
                }

                if (c == ',')
                {
                    commas.Add(tokens.Count);
                }

                continue;
            }

            if (start < 0)
            {
                start = k;
            }

            depth += c switch { '{' => 1, '}' => depth > 0 ? -1 : 0, _ => 0 };
        }
    }
}

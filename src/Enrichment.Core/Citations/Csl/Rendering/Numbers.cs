using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Enrichment.Core.Citations.Csl.Model;

namespace Enrichment.Core.Citations.Csl.Rendering;

/// <summary>Numeric tests and forms (ordinal, long-ordinal, roman) and page-range formats.</summary>
internal static partial class Numbers
{
    [GeneratedRegex(@"^\s*[a-zA-Z]*\d+[a-zA-Z]*(\s*(?:[-\u2013,&]|and)\s*[a-zA-Z]*\d+[a-zA-Z]*)*\s*$")]
    private static partial Regex NumericPattern();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();

    public static bool IsNumeric(string value) => NumericPattern().IsMatch(value);

    public static bool IsPluralValue(string value)
    {
        if (value.Contains("\\-", StringComparison.Ordinal))
        {
            return false;
        }

        var numbers = Digits().Matches(value).Count;
        if (RangeMark().IsMatch(value))
        {
            return true;
        }

        return numbers >= 2 && (value.AsSpan().IndexOfAny(",&") >= 0 || value.Contains(" and ", StringComparison.Ordinal)
            || value.Contains(" et ", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"(?<![A-Za-z])([A-Za-z]*\d+[A-Za-z]*|[ivxlcdmIVXLCDM]+)\s*[-\u2013]\s*([A-Za-z]*\d+[A-Za-z]*|[ivxlcdmIVXLCDM]+)(?![A-Za-z])")]
    private static partial Regex RangeMark();

    [GeneratedRegex(@"(\w)\s*(?<!\\)[-\u2013]\s*(\w)")]
    private static partial Regex HyphenRange();

    /// <summary>Hyphens between numbers become the range delimiter; an escaped hyphen (\-) stays a hyphen.</summary>
    public static string Ranges(string value, string delimiter)
    {
        if (value.AsSpan().IndexOfAny("-\u2013") < 0)
        {
            return value;
        }

        var result = HyphenRange().Replace(value, m => m.Groups[1].Value + delimiter + m.Groups[2].Value);
        return result.Replace("\\-", "-", StringComparison.Ordinal);
    }

    public static int LeadingInt(string value)
    {
        var m = Digits().Match(value);
        return m.Success && int.TryParse(m.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
    }

    /// <summary>Formats every number in a numeric value (<c>2-4</c>, <c>2, 5</c>) in the given form.</summary>
    public static string Format(string value, NumberForm form, Engine e, string variable)
    {
        if (form == NumberForm.Numeric)
        {
            return NormaliseSeparators(value).Replace("-", e.RangeDelimiter, StringComparison.Ordinal);
        }

        string? gender = null;
        var noun = variable switch
        {
            "number-of-pages" => "page",
            "number-of-volumes" => "volume",
            "issue" => "issue",
            _ => variable,
        };
        gender = e.Locale.Term(noun)?.Gender;
        return NormaliseSeparators(Digits().Replace(value, m =>
        {
            var n = int.Parse(m.Value, NumberStyles.Integer, CultureInfo.InvariantCulture);
            return form switch
            {
                NumberForm.Ordinal => n + Ordinal(n, e, gender),
                NumberForm.LongOrdinal => LongOrdinal(n, e, gender),
                NumberForm.Roman => Roman(n),
                _ => m.Value,
            };
        })).Replace("-", e.RangeDelimiter, StringComparison.Ordinal);
    }

    private static string NormaliseSeparators(string value)
    {
        if (value.AsSpan().IndexOfAny(",&-") < 0)
        {
            return value;
        }

        var sb = new StringBuilder();
        foreach (var part in Regex.Split(value, @"\s*([-\u2013,&])\s*"))
        {
            switch (part)
            {
                case "-":
                case "\u2013":
                    sb.Append('-');
                    break;
                case ",":
                    sb.Append(", ");
                    break;
                case "&":
                    sb.Append(" & ");
                    break;
                default:
                    sb.Append(part);
                    break;
            }
        }

        return sb.ToString();
    }

    public static string Ordinal(int n, Engine e, string? gender)
    {
        var locale = e.Locale;
        var two = n % 100;
        var one = n % 10;
        LocaleTerm? term = null;
        if (two is >= 10 and <= 99)
        {
            term = Find(locale, $"ordinal-{two:D2}", gender);
            if (term?.Match == "whole-number" && n != two)
            {
                term = null;
            }
        }

        if (term is null)
        {
            term = Find(locale, $"ordinal-{one:D2}", gender);
            if (term is not null && (term.Match == "last-two-digits" || term.Match == "whole-number") && n != one)
            {
                term = term.Match == "last-two-digits" && two == one ? term : null;
            }

            if (term is not null && two is >= 11 and <= 13 && Find(locale, $"ordinal-{two:D2}", gender) is null && term.Match is null)
            {
                // Legacy locales: 11th-13th
                term = null;
            }
        }

        term ??= Find(locale, "ordinal", gender);
        return term?.Single ?? "";
    }

    private static LocaleTerm? Find(CslLocale locale, string name, string? gender)
    {
        // A locale that defines any ordinal terms replaces the fallback's ordinals entirely.
        if (name.Contains("ordinal", StringComparison.Ordinal))
        {
            for (var l = locale; l is not null; l = l.Fallback)
            {
                if (l.HasOrdinals)
                {
                    locale = l.Alone;
                    break;
                }
            }
        }

        if (gender is not null && locale.TermExact(CslLocale.Key(name, "long", gender)) is { } g)
        {
            return g;
        }

        return locale.TermExact(CslLocale.Key(name, "long", null));
    }

    public static string LongOrdinal(int n, Engine e, string? gender)
    {
        if (n is >= 1 and <= 10 && Find(e.Locale, $"long-ordinal-{n:D2}", gender) is { } term)
        {
            return term.Single;
        }

        return n + Ordinal(n, e, gender);
    }

    public static string Roman(int n)
    {
        if (n <= 0 || n >= 4000)
        {
            return n.ToString(CultureInfo.InvariantCulture);
        }

        ReadOnlySpan<int> values = [1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1];
        string[] symbols = ["m", "cm", "d", "cd", "c", "xc", "l", "xl", "x", "ix", "v", "iv", "i"];
        var sb = new StringBuilder();
        for (var i = 0; i < values.Length; i++)
        {
            while (n >= values[i])
            {
                sb.Append(symbols[i]);
                n -= values[i];
            }
        }

        return sb.ToString();
    }
}

/// <summary>CSL page-range-format: expanded, minimal, minimal-two, chicago (15th and 16th).</summary>
internal static partial class PageRange
{
    [GeneratedRegex(@"([0-9A-Za-z]*?)(\d+)\s*(?<!\\)(?:-+|\u2013|\u2014)\s*([0-9A-Za-z]*?)(\d+)\b")]
    private static partial Regex Range();

    [GeneratedRegex(@"\b([ivxlcdm]+)\s*(?<!\\)(?:-+|\u2013)\s*([ivxlcdm]+)\b", RegexOptions.IgnoreCase)]
    private static partial Regex AnyRange();

    public static string Format(string value, string? format, string delimiter)
    {
        if (value.AsSpan().IndexOfAny("-\u2013\u2014") < 0)
        {
            return value;
        }

        var result = Range().Replace(value, m =>
        {
            var p1 = m.Groups[1].Value;
            var first = m.Groups[2].Value;
            var p2 = m.Groups[3].Value;
            var last = m.Groups[4].Value;
            if (p2.Length > 0 && p1 != p2)
            {
                return p1 + first + "-" + p2 + last;
            }

            if (p1.Length > 0 && p2.Length == 0 && format is null)
            {
                return p1 + first + delimiter + last;
            }

            if (p1.Length > 0 && p2.Length == 0)
            {
                return p1 + first + "-" + last;
            }

            return format is null
                ? p1 + first + delimiter + p2 + last
                : p1 + first + delimiter + (format == "expanded" ? p2 : "") + Apply(first, last, format);
        });
        return AnyRange().Replace(result, m => m.Groups[1].Value + delimiter + m.Groups[2].Value).Replace("\\-", "-", StringComparison.Ordinal);
    }

    private static string Apply(string first, string last, string format)
    {
        // Expand a shortened second number first (321-28 -> 321-328).
        if (last.Length < first.Length)
        {
            last = first[..(first.Length - last.Length)] + last;
        }

        if (format == "expanded" || last.Length != first.Length)
        {
            return last;
        }

        switch (format)
        {
            case "minimal":
                return Minimal(first, last, 1);
            case "minimal-two":
                return Minimal(first, last, 2);
            case "chicago":
            case "chicago-15":
            case "chicago-16":
                return Chicago(first, last, format);
            default:
                return last;
        }
    }

    private static string Minimal(string first, string last, int keep)
    {
        var i = 0;
        while (i < first.Length && first[i] == last[i])
        {
            i++;
        }

        var result = last[i..];
        if (result.Length < keep && last.Length >= keep)
        {
            result = last[^keep..];
        }

        return result.Length == 0 ? last[^1..] : result;
    }

    private static string Chicago(string first, string last, string format)
    {
        var n = int.Parse(first, CultureInfo.InvariantCulture);
        if (n < 100 || n % 100 == 0)
        {
            return last;
        }

        if (n % 100 < 10)
        {
            return Minimal(first, last, 1);
        }

        if (format != "chicago-16" && first.Length == 4 && Minimal(first, last, 1).Length > 2)
        {
            return last;
        }

        return Minimal(first, last, 2);
    }
}

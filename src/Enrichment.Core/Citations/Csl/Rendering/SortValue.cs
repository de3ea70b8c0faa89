using System.Globalization;
using System.Text;

namespace Enrichment.Core.Citations.Csl.Rendering;

/// <summary>One sort key value: missing values sort last, numbers numerically, text case-insensitively.</summary>
internal readonly record struct SortValue(bool Missing, bool IsNumber, double NumberValue, string TextValue)
{
    public static readonly SortValue Empty = new(true, false, 0, "");

    public static SortValue Number(double n) => new(false, true, n, "");

    public static SortValue Text(string s) => s.Length == 0 ? Empty : new(false, false, 0, Fold(s));

    public static SortValue Of(string s)
    {
        if (s.Length == 0)
        {
            return Empty;
        }

        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && s.Length < 12
            ? Number(n)
            : Text(s);
    }

    private static string Fold(string s)
    {
        var normal = s.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(normal.Length);
        foreach (var c in normal)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (c is '\u2019' or '\'' && sb.Length > 0 && sb[^1] != ' ')
            {
                // An apostrophe inside a word sorts before the letters ("d'Wander" before "de' Frinkle");
                // one opening a word ("'t Hooft") is passed over like other quote marks.
                sb.Append('!');
                continue;
            }

            if (c is '[' or ']' or '\u201c' or '\u201d' or '"' or '\u2018' or '\u2019' or '\'' or ',' or ';' or ':')
            {
                continue;
            }

            sb.Append(char.ToLowerInvariant(c));
        }

        return sb.ToString();
    }

    public static int Compare(SortValue a, SortValue b, bool descending)
    {
        if (a.Missing || b.Missing)
        {
            return a.Missing == b.Missing ? 0 : a.Missing ? 1 : -1;
        }

        int cmp;
        if (a.IsNumber && b.IsNumber)
        {
            cmp = a.NumberValue.CompareTo(b.NumberValue);
        }
        else
        {
            cmp = string.CompareOrdinal(a.IsNumber ? a.NumberValue.ToString(CultureInfo.InvariantCulture) : a.TextValue,
                b.IsNumber ? b.NumberValue.ToString(CultureInfo.InvariantCulture) : b.TextValue);
        }

        return descending ? -cmp : cmp;
    }
}

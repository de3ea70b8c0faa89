using System.Diagnostics.CodeAnalysis;

namespace Enrichment.Core.Identifiers;

/// <summary>
/// ISBNs for matching: any written form (hyphens, spaces, an <c>ISBN</c> label, ISBN-10 or ISBN-13) as the 13 digits
/// of ISBN-13, and only when the check digit is right, so a typo never makes two books the same.
/// </summary>
public static class Isbn
{
    /// <summary>The ISBN-13 of <paramref name="text"/>, or false when it is not a valid ISBN-10 or ISBN-13.</summary>
    public static bool TryNormalize([NotNullWhen(true)] string? text, [NotNullWhen(true)] out string? isbn13)
    {
        isbn13 = null;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 64)
        {
            return false;
        }

        var body = text.Trim();
        if (body.StartsWith("ISBN", StringComparison.OrdinalIgnoreCase))
        {
            // "ISBN 0-306-40615-2", "ISBN-13: 978-...", "ISBN-10 0306406152".
            body = body[4..];
            if (body.StartsWith("-13", StringComparison.Ordinal) || body.StartsWith("-10", StringComparison.Ordinal))
            {
                body = body[3..];
            }
        }

        var chars = body.Where(c => c is not ('-' or ' ' or ':' or '\u2010' or '\u2011')).ToArray();
        if (chars.Length == 13 && chars.All(char.IsAsciiDigit))
        {
            var digits = chars.Select(c => c - '0').ToArray();
            if (Check13(digits) != digits[12])
            {
                return false;
            }

            isbn13 = new string(chars);
            return true;
        }

        if (chars.Length == 10 && chars.Take(9).All(char.IsAsciiDigit) && (char.IsAsciiDigit(chars[9]) || chars[9] is 'X' or 'x'))
        {
            var sum = 0;
            for (var i = 0; i < 9; i++)
            {
                sum += (10 - i) * (chars[i] - '0');
            }

            sum += chars[9] is 'X' or 'x' ? 10 : chars[9] - '0';
            if (sum % 11 != 0)
            {
                return false;
            }

            var digits = new[] { 9, 7, 8 }.Concat(chars.Take(9).Select(c => c - '0')).ToList();
            digits.Add(Check13([.. digits]));
            isbn13 = string.Concat(digits);
            return true;
        }

        return false;
    }

    /// <summary>Every valid ISBN in a field that may hold several (<c>978-..., 0-306-...</c>), as ISBN-13, distinct.</summary>
    public static IReadOnlyList<string> All(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        return [.. text.Split([',', ';', '/', '|'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Take(50)
            .Select(part => TryNormalize(part, out var isbn) ? isbn : null)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)];
    }

    private static int Check13(int[] digits)
    {
        var sum = 0;
        for (var i = 0; i < 12; i++)
        {
            sum += digits[i] * (i % 2 == 0 ? 1 : 3);
        }

        return (10 - (sum % 10)) % 10;
    }
}

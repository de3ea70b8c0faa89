using System.Globalization;
using System.Text.RegularExpressions;
using Enrichment.Core.Records;

namespace Enrichment.Core.Formats.Ris;

/// <summary>RIS names (<c>Family, Given, Suffix</c>) and dates (<c>YYYY/MM/DD/other</c>), both ways.</summary>
internal static partial class RisValues
{
    private static readonly string[] Seasons = ["Spring", "Summer", "Autumn", "Winter"];

    /// <summary>
    /// <c>Family, Given</c> or <c>Family, Given, Suffix</c>; a name without a comma is an institution, kept whole.
    /// Particles stay where the source put them (CSL processors split them when they render).
    /// </summary>
    public static PersonName? ParseName(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            return null;
        }

        var parts = trimmed.Split(',', 3, StringSplitOptions.TrimEntries);
        if (parts.Length == 1 || parts[0].Length == 0)
        {
            return new PersonName { Literal = trimmed };
        }

        return new PersonName
        {
            Family = parts[0],
            Given = parts[1].Length == 0 ? null : parts[1],
            Suffix = parts.Length > 2 && parts[2].Length > 0 ? parts[2] : null,
        };
    }

    /// <summary>The RIS form of a name; null for the "and others" marker, which RIS cannot say.</summary>
    public static string? FormatName(PersonName name)
    {
        if (name.IsOthers)
        {
            return null;
        }

        if (name.Family is null)
        {
            return name.Literal ?? name.Given;
        }

        var family = Join(name.NonDroppingParticle, name.Family);
        var given = Join(name.Given, name.DroppingParticle);

        // A family name alone keeps its comma, so it is not read back as an institution.
        return name.Suffix is not null ? $"{family}, {given}, {name.Suffix}" : $"{family}, {given}";
    }

    private static string Join(string? first, string? second) =>
        string.IsNullOrEmpty(first) ? second ?? "" : string.IsNullOrEmpty(second) ? first : $"{first} {second}";

    /// <summary>
    /// Reads <c>YYYY</c>, <c>YYYY/MM/DD/other</c> (any part may be empty) or ISO <c>YYYY-MM-DD</c>. A season in
    /// the "other" part becomes <see cref="DateValue.Season"/>; any other text there, or a date of another
    /// shape, is kept in <see cref="DateValue.Raw"/> so nothing is lost.
    /// </summary>
    public static DateValue ParseDate(string text)
    {
        var trimmed = text.Trim();
        var match = RisDatePattern().Match(trimmed);
        if (!match.Success)
        {
            match = IsoDatePattern().Match(trimmed);
        }

        if (!match.Success)
        {
            return new DateValue { Raw = trimmed };
        }

        var year = int.Parse(match.Groups["y"].Value, CultureInfo.InvariantCulture);
        var month = Number(match.Groups["m"], 12);
        var day = month is null ? null : Number(match.Groups["d"], 31);
        var other = match.Groups["o"].Value.Trim();
        int? season = null;
        if (other.Length > 0)
        {
            var index = Array.FindIndex(Seasons, s => s.Equals(other, StringComparison.OrdinalIgnoreCase)
                || (s == "Autumn" && other.Equals("Fall", StringComparison.OrdinalIgnoreCase)));
            season = index >= 0 ? index + 1 : null;
        }

        return new DateValue
        {
            Parts = [new DatePart(year, month, day)],
            Season = season,
            Raw = other.Length > 0 && season is null ? trimmed : null,
        };
    }

    private static int? Number(Group group, int max) =>
        group.Success && int.TryParse(group.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= max
            ? n
            : null;

    /// <summary>The year (for <c>PY</c>) and, when there is more than a year, the full date (for <c>DA</c>).</summary>
    public static (string? Year, string? Full) FormatDate(DateValue date)
    {
        if (date.Parts.IsDefaultOrEmpty)
        {
            return (date.Raw ?? date.Literal, null);
        }

        var part = date.Parts[0];
        var year = part.Year.ToString("D4", CultureInfo.InvariantCulture);

        // The source's own text, when it says the same date, keeps its free-text part.
        if (date.Raw is { } raw && ParseDate(raw) is var again && again.Parts.SequenceEqual([part]) && again.Season == date.Season)
        {
            return (year, raw);
        }

        if (part.Month is null && date.Season is null)
        {
            return (year, null);
        }

        var month = part.Month?.ToString("D2", CultureInfo.InvariantCulture);
        var day = part.Day?.ToString("D2", CultureInfo.InvariantCulture);
        var season = date.Season is >= 1 and <= 4 ? Seasons[date.Season.Value - 1] : "";
        return (year, $"{year}/{month}/{day}/{season}");
    }

    /// <summary>How much a date says: 0 nothing readable, 1 a year, 2 a month, 3 a day.</summary>
    public static int Precision(DateValue date) =>
        date.Parts.IsDefaultOrEmpty ? 0 : date.Parts[0].Day is not null ? 3 : date.Parts[0].Month is not null ? 2 : 1;

    [GeneratedRegex(@"^(?<y>\d{4})(?:/(?<m>\d{0,2})(?:/(?<d>\d{0,2})(?:/(?<o>.*))?)?)?$")]
    private static partial Regex RisDatePattern();

    [GeneratedRegex(@"^(?<y>\d{4})-(?<m>\d{2})(?:-(?<d>\d{2}))?$")]
    private static partial Regex IsoDatePattern();
}

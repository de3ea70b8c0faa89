using System.Collections.Immutable;

namespace Enrichment.Core.Records;

/// <summary>One point of a date: the year is required, month and day are optional.</summary>
public sealed record DatePart(int Year, int? Month = null, int? Day = null)
{
    public override string ToString() =>
        Month is null ? $"{Year:D4}" : Day is null ? $"{Year:D4}-{Month:D2}" : $"{Year:D4}-{Month:D2}-{Day:D2}";
}

/// <summary>
/// A CSL date: one part, or two for a range; or a literal / raw string when the source could not be read
/// as parts (kept, never dropped).
/// </summary>
public sealed record DateValue
{
    public ImmutableArray<DatePart> Parts { get; init; } = [];

    /// <summary>Season 1-4 (spring, summer, autumn, winter), as CSL has it.</summary>
    public int? Season { get; init; }

    public bool Circa { get; init; }

    public string? Literal { get; init; }

    public string? Raw { get; init; }

    public int? Year => Parts.IsDefaultOrEmpty ? null : Parts[0].Year;

    public bool IsRange => !Parts.IsDefaultOrEmpty && Parts.Length > 1;

    public static DateValue FromParts(int year, int? month = null, int? day = null) =>
        new() { Parts = [new DatePart(year, month, day)] };

    public bool Equals(DateValue? other) =>
        other is not null && Season == other.Season && Circa == other.Circa && Literal == other.Literal
        && Raw == other.Raw && Parts.SequenceEqual(other.Parts);

    public override int GetHashCode() => HashCode.Combine(Year, Literal, Raw);

    public override string ToString() =>
        Literal ?? Raw ?? string.Join('/', Parts.Select(p => p.ToString()));
}

using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Enrichment.Core.Formats.Ris;
using Enrichment.Core.Records;

namespace Enrichment.Core.Tests.Formats.RoundTrip;

/// <summary>
/// What of a record RIS can carry, in the shape RIS gives it back: the expectation a record written as RIS
/// and read again is compared with. Written from the RIS rules (names as "Family, Given", one date, no
/// ORCID or affiliations), not from the writer's code.
/// </summary>
internal static partial class RisCarried
{
    private static readonly string[] NameVariables = ["author", "editor", "collection-editor", "translator"];

    public static Reference Of(Reference reference)
    {
        var type = RisTypes.WrittenAsGeneric.Contains(reference.Type) || RisTypes.ToCsl(RisTypes.ToRis(reference.Type)) is null
            ? "article"
            : RisTypes.ToCsl(RisTypes.ToRis(reference.Type))!;
        var variables = reference.Variables
            .Where(v => RisMapping.CarriedVariables.Contains(v.Key))
            .Select(v => (v.Key, Value: v.Key is "abstract" or "note" ? Prose(v.Value) : OneLine(v.Value)))
            .Where(v => v.Value.Length > 0)
            .ToImmutableSortedDictionary(v => v.Key, v => v.Key == "keyword" ? Keywords(v.Value) : v.Value, StringComparer.Ordinal);
        var names = NameVariables
            .Select(n => (Variable: n, Names: reference.GetNames(n).Where(p => !p.IsOthers).Select(Name).ToImmutableArray()))
            .Where(n => !n.Names.IsEmpty)
            .ToImmutableSortedDictionary(n => n.Variable, n => n.Names, StringComparer.Ordinal);
        var dates = reference.Dates
            .Where(d => d.Key is "issued" or "accessed")
            .ToImmutableSortedDictionary(d => d.Key, d => Date(d.Value), StringComparer.Ordinal);
        var custom = reference.Custom
            .Where(c => c.Key.StartsWith("ris:", StringComparison.Ordinal) && c.Key.Length == 6 && c.Key != "ris:TY")
            .ToImmutableSortedDictionary(StringComparer.Ordinal);
        return new Reference { Id = reference.Id, Type = type, Variables = variables, Names = names, Dates = dates, Custom = custom };
    }

    /// <summary>The record as read back, with keywords compared as a set (RIS has one per line; CSL one string).</summary>
    public static Reference Normalised(Reference read) =>
        read.Get("keyword") is { } keyword ? read.With("keyword", Keywords(keyword)) : read;

    private static PersonName Name(PersonName name)
    {
        if (name.Family is null)
        {
            // An institution with a comma in it is split like any "Family, Given": RIS cannot escape commas.
            var literal = (name.Literal ?? name.Given ?? "").Trim();
            return literal.Contains(',', StringComparison.Ordinal) ? Split(literal) : new PersonName { Literal = literal };
        }

        var family = Join(name.NonDroppingParticle, name.Family);
        var given = Join(name.Given, name.DroppingParticle);
        var parts = name.Suffix is null ? [family, given] : new[] { family, given, name.Suffix };
        return Split(OneLine(string.Join(", ", parts)));
    }

    // RIS reads a name as "Family, Given, Suffix": the first two commas split it, whatever the parts held.
    private static PersonName Split(string text)
    {
        var parts = text.Split(',', 3, StringSplitOptions.TrimEntries);
        return new PersonName
        {
            Family = parts[0],
            Given = parts.Length > 1 && parts[1].Length > 0 ? parts[1] : null,
            Suffix = parts.Length > 2 && parts[2].Length > 0 ? parts[2] : null,
        };
    }

    private static DateValue Date(DateValue date) => date.Parts.IsDefaultOrEmpty
        ? new DateValue { Raw = date.Raw ?? date.Literal }
        : new DateValue { Parts = [date.Parts[0]], Season = date.Season, Raw = date.Raw };

    private static string Join(string? a, string? b) => string.Join(' ', new[] { a, b }.Where(s => !string.IsNullOrEmpty(s)));

    private static string OneLine(string value) => LineBreak().Replace(value, " ").Trim();

    private static string Prose(string value) =>
        string.Join('\n', value.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));

    private static string Keywords(string value) =>
        string.Join(" | ", value.Split([',', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));

    [GeneratedRegex(@"\s*[\r\n]+\s*")]
    private static partial Regex LineBreak();
}

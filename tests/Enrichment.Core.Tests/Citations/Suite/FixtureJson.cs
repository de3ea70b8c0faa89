using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Enrichment.Core.Formats.CslJson;
using Enrichment.Core.Records;

namespace Enrichment.Core.Tests.Citations.Suite;

/// <summary>
/// Reads the test suite's INPUT items, which are looser than CSL-JSON (numbers as strings, string dates,
/// legacy aliases), into <see cref="Reference"/>. Unknown shapes go to Custom as raw JSON.
/// </summary>
internal static class FixtureJson
{
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["shortTitle"] = "title-short",
        ["journalAbbreviation"] = "container-title-short",
    };

    public static Reference Read(JsonElement item)
    {
        var variables = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        var names = ImmutableSortedDictionary.CreateBuilder<string, ImmutableArray<PersonName>>(StringComparer.Ordinal);
        var dates = ImmutableSortedDictionary.CreateBuilder<string, DateValue>(StringComparer.Ordinal);
        var custom = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        var id = "";
        var type = "article";
        foreach (var p in item.EnumerateObject())
        {
            var name = Aliases.TryGetValue(p.Name, out var alias) ? alias : p.Name;
            var v = p.Value;
            switch (name)
            {
                case "id":
                    id = Scalar(v) ?? "";
                    break;
                case "type":
                    type = Scalar(v) ?? "article";
                    break;
                case var n when CslJsonConvert.IsNameVariable(n) && v.ValueKind == JsonValueKind.Array:
                    names[n] = ReadNames(v);
                    break;
                case var d when CslJsonConvert.IsDateVariable(d):
                    if (ReadDate(v) is { } date)
                    {
                        dates[d] = date;
                    }

                    break;
                default:
                    if (Scalar(v) is { } text)
                    {
                        variables[name] = text;
                    }
                    else if (v.ValueKind is not JsonValueKind.Null)
                    {
                        custom[name] = v.GetRawText();
                    }

                    break;
            }
        }

        return new Reference
        {
            Id = id,
            Type = type,
            Variables = variables.ToImmutable(),
            Names = names.ToImmutable(),
            Dates = dates.ToImmutable(),
            Custom = custom.ToImmutable(),
        };
    }

    private static string? Scalar(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => v.GetString(),
        JsonValueKind.Number => v.GetRawText(),
        _ => null,
    };

    private static ImmutableArray<PersonName> ReadNames(JsonElement list)
    {
        var result = ImmutableArray.CreateBuilder<PersonName>();
        foreach (var n in list.EnumerateArray())
        {
            if (n.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            string? Get(string key) => n.TryGetProperty(key, out var x) ? Scalar(x) : null;
            var family = Get("family");
            var given = Get("given");
            var literal = Get("literal");
            if (family is null && given is null && literal is null)
            {
                continue;
            }

            if (family is null && literal is null)
            {
                literal = given;
                given = null;
            }

            var isInstitution = n.TryGetProperty("isInstitution", out var inst) && inst.ValueKind == JsonValueKind.True;
            if (isInstitution && literal is null)
            {
                literal = family;
                family = null;
            }

            result.Add(new PersonName
            {
                Family = family,
                Given = given,
                Literal = literal,
                DroppingParticle = Get("dropping-particle"),
                NonDroppingParticle = Get("non-dropping-particle"),
                // comma-suffix has no field in PersonName: the engine's own marker carries it.
                Suffix = Get("suffix") is { } suffix && n.TryGetProperty("comma-suffix", out var cs) && cs.ValueKind == JsonValueKind.True
                    ? "\u0001" + suffix
                    : Get("suffix"),
            });
        }

        return result.ToImmutable();
    }

    private static DateValue? ReadDate(JsonElement v)
    {
        if (v.ValueKind == JsonValueKind.String)
        {
            return new DateValue { Raw = v.GetString() };
        }

        if (v.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var parts = ImmutableArray.CreateBuilder<DatePart>();
        if (v.TryGetProperty("date-parts", out var dp) && dp.ValueKind == JsonValueKind.Array)
        {
            foreach (var part in dp.EnumerateArray())
            {
                if (part.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }

                var numbers = new List<int?>();
                foreach (var x in part.EnumerateArray())
                {
                    numbers.Add(Int(x));
                }

                if (numbers.Count == 0 || numbers[0] is null)
                {
                    continue;
                }

                int? month = numbers.Count > 1 ? numbers[1] : null;
                int? day = numbers.Count > 2 ? numbers[2] : null;
                if (month is 0)
                {
                    month = null;
                    day = null;
                }

                if (day is 0)
                {
                    day = null;
                }

                parts.Add(new DatePart(numbers[0]!.Value, month, day));
            }
        }

        int? season = v.TryGetProperty("season", out var s) ? Int(s) ?? SeasonName(s) : null;
        var circa = v.TryGetProperty("circa", out var c) && c.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.Number => c.GetRawText() != "0",
            JsonValueKind.String => c.GetString() is { Length: > 0 } cs && cs != "0",
            _ => false,
        };
        return new DateValue
        {
            Parts = parts.ToImmutable(),
            Season = season,
            Circa = circa,
            Literal = v.TryGetProperty("literal", out var l) ? Scalar(l) : null,
            Raw = v.TryGetProperty("raw", out var r) ? Scalar(r) : null,
        };
    }

    private static int? SeasonName(JsonElement s) => s.ValueKind == JsonValueKind.String
        ? s.GetString()?.ToLowerInvariant() switch
        {
            "spring" => 1,
            "summer" => 2,
            "autumn" or "fall" => 3,
            "winter" => 4,
            _ => null,
        }
        : null;

    private static int? Int(JsonElement x) => x.ValueKind switch
    {
        JsonValueKind.Number when x.TryGetInt32(out var n) => n,
        JsonValueKind.String when int.TryParse(x.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
        _ => null,
    };
}

using Enrichment.Core.Records;

namespace Enrichment.Core.Citations.Csl.Rendering;

/// <summary>Splits name particles written into the family or given name ("van Gogh", "Jean de").</summary>
internal static class Particles
{
    /// <summary>Marks a suffix written after a comma ("Doe, Jr."), inside the engine only.</summary>
    public const char CommaMark = '\u0001';

    public static PersonName Split(PersonName name)
    {
        if (name.Family is null || name.NonDroppingParticle is not null || name.DroppingParticle is not null)
        {
            return name;
        }

        var family = name.Family;
        if (family.Length > 1 && family[0] == '"' && family[^1] == '"')
        {
            // A quoted family name is kept whole: no particles parsed out of it.
            return name with { Family = family[1..^1] };
        }

        var result = name;
        var firstLetter = family.Length > 1 && family[0] is '\'' or '\u2019' ? 1 : 0;
        if (family.Length > 0 && char.IsLower(family[firstLetter]))
        {
            var lastSpace = LastLowerWordEnd(family);
            if (lastSpace > 0)
            {
                // A particle ending in an apostrophe joins the family name ("d'Alembert") unless the input
                // put a space between them ("de' Medici"): then it keeps that space.
                var particle = family[..lastSpace].TrimEnd();
                if (family[lastSpace - 1] is '\'' or '\u2019' && family[lastSpace] == ' ')
                {
                    particle += " ";
                }

                result = result with
                {
                    NonDroppingParticle = particle,
                    Family = family[lastSpace..].TrimStart(),
                };
            }
        }

        var given = result.Given;
        if (given is not null && result.Suffix is null && given.IndexOf(", ", StringComparison.Ordinal) is var comma and > 0)
        {
            // "John, III" carries a suffix; "John,! Jr." one written after a comma.
            var suffix = given[(comma + 2)..].Trim();
            var commaSuffix = suffix.StartsWith('!');
            result = result with
            {
                Given = given[..comma],
                Suffix = commaSuffix ? CommaMark + suffix[1..].TrimStart() : suffix,
            };
            given = result.Given;
        }

        if (given is not null && given.Contains(' ', StringComparison.Ordinal))
        {
            var words = given.Split(' ');
            var k = words.Length;
            while (k > 1 && words[k - 1].Length > 0 && char.IsLower(words[k - 1][0]))
            {
                k--;
            }

            if (k < words.Length)
            {
                result = result with
                {
                    Given = string.Join(' ', words[..k]),
                    DroppingParticle = string.Join(' ', words[k..]),
                };
            }
        }

        return result;
    }

    private static int LastLowerWordEnd(string family)
    {
        // "van der Berg" -> after "der "; "d'Alembert" -> after "d'".
        var end = 0;
        var i = 0;
        while (i < family.Length)
        {
            if (family[i] is '\'' or '\u2019')
            {
                // An elided particle opens with its apostrophe ("'t Hooft"): its first letter decides.
                i++;
            }

            var start = i;
            while (i < family.Length && family[i] != ' ' && family[i] != '\'' && family[i] != '\u2019'
                   && !(family[i] == '-' && i + 1 < family.Length && char.IsUpper(family[i + 1])))
            {
                i++;
            }

            if (i < family.Length && (family[i] == '\'' || family[i] == '\u2019' || family[i] == '-'))
            {
                i++;
                if (char.IsLower(family[start]))
                {
                    end = i;
                    continue;
                }

                break;
            }

            if (i >= family.Length || !char.IsLower(family[start]))
            {
                break;
            }

            i++;
            end = i;
        }

        return end >= family.Length ? 0 : end;
    }
}

using System.Text;
using Enrichment.Core.Citations.Csl.Model;
using Enrichment.Core.Citations.Csl.Output;
using Enrichment.Core.Records;

namespace Enrichment.Core.Citations.Csl.Rendering;

/// <summary>One person's name: literal, family only, inverted (sort order) or in display order.</summary>
internal sealed partial class Engine
{
    /// <summary>
    /// Renders <paramref name="personName"/> as the <paramref name="position"/>-th name of its list;
    /// <paramref name="inverted"/> tells whether the family name came first (it affects the delimiters around it).
    /// </summary>
    private Node RenderName(PersonName personName, int position, NameOptions options, NameElement? nameElement, Ctx context,
        int givenNameLevel, out bool inverted)
    {
        var name = Particles.Split(personName);
        inverted = false;
        var familyFormat = nameElement?.Family;
        var givenFormat = nameElement?.Given;
        if (name.Family is null)
        {
            return Finish(Rich(name.Literal ?? name.Given ?? ""), familyFormat?.Decor ?? Decor.None);
        }

        // A given name added for disambiguation needs the long form.
        var form = givenNameLevel > 0 && options.Form == NameForm.Short ? NameForm.Long : options.Form;
        var familyText = name.NonDroppingParticle is null ? name.Family
            : name.NonDroppingParticle + (EndsJoined(name.NonDroppingParticle) ? "" : " ") + name.Family;
        if (form == NameForm.Short || string.IsNullOrEmpty(name.Given) && name.DroppingParticle is null)
        {
            return FamilyOnly(name, familyText, withSuffix: form != NameForm.Short, familyFormat);
        }

        var romanic = IsRomanic(name.Family) && IsRomanic(name.Given);
        var given = name.Given;
        if (given is not null && options.InitializeWith is not null && givenNameLevel < 2 && romanic)
        {
            given = Initials(given, options.InitializeWith, options.Initialize);
        }

        if (!romanic)
        {
            return Node.Of([Part(familyText, familyFormat), Part(given ?? "", givenFormat)]);
        }

        var sortOrder = context.SortMode || options.NameAsSortOrder == NameAsSortOrder.All
            || (options.NameAsSortOrder == NameAsSortOrder.First && position == 0);
        if (!sortOrder)
        {
            return DisplayOrderName(name, given, familyText, familyFormat, givenFormat);
        }

        inverted = true;
        return SortOrderName(name, given, familyText, options, familyFormat, givenFormat, context.SortMode);
    }

    private Node FamilyOnly(PersonName name, string familyText, bool withSuffix, NamePartElement? familyFormat)
    {
        var family = Part(familyText, familyFormat);
        return withSuffix && name.Suffix is not null
            ? Node.Of([family, Rich(" " + name.Suffix.TrimStart(Particles.CommaMark))])
            : family;
    }

    /// <summary>"Gogh, Vincent van": formatting follows each name part; the given part's affixes enclose the demoted particles.</summary>
    private Node SortOrderName(PersonName name, string? given, string familyText, NameOptions options,
        NamePartElement? familyFormat, NamePartElement? givenFormat, bool sortMode)
    {
        var demote = DemoteParticle == ParticleDemotion.DisplayAndSort || (sortMode && DemoteParticle == ParticleDemotion.SortOnly);
        var kids = new List<Node>();
        var givenPieces = new List<Node>();
        AddGivenPiece(givenPieces, given, givenFormat);
        AddGivenPiece(givenPieces, name.DroppingParticle, givenFormat);
        if (demote && name.NonDroppingParticle is not null)
        {
            AddGivenPiece(givenPieces, name.NonDroppingParticle.TrimEnd(), familyFormat);
            kids.Add(WithAffixes(Formatted(name.Family!, familyFormat), familyFormat));
        }
        else
        {
            kids.Add(WithAffixes(FamilyPieces(name, familyText, familyFormat), familyFormat));
        }

        if (givenPieces.Count > 0)
        {
            kids.Add(Node.Leaf(options.SortSeparator));
            kids.Add(WithAffixes(Node.Of(givenPieces), givenFormat));
        }

        if (name.Suffix is not null)
        {
            kids.Add(Rich(options.SortSeparator + name.Suffix.TrimStart(Particles.CommaMark)));
        }

        return Node.Of(kids);
    }

    private void AddGivenPiece(List<Node> givenPieces, string? text, NamePartElement? format)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        if (givenPieces.Count > 0)
        {
            givenPieces.Add(Node.Leaf(" "));
        }

        givenPieces.Add(Formatted(text, format));
    }

    /// <summary>"Vincent van Gogh": the family part's affixes enclose the particles and the suffix.</summary>
    private Node DisplayOrderName(PersonName name, string? given, string familyText,
        NamePartElement? familyFormat, NamePartElement? givenFormat)
    {
        var display = new List<Node>();
        if (!string.IsNullOrEmpty(given))
        {
            display.Add(WithAffixes(Formatted(given, givenFormat), givenFormat));
            if (givenFormat?.Decor.Suffix is not { Length: > 0 } givenSuffix || !char.IsWhiteSpace(givenSuffix[^1]))
            {
                // A given-name suffix ending in a space (a no-break one, say) is the space before the family name.
                display.Add(Node.Leaf(" "));
            }
        }

        var familyPieces = new List<Node>();
        if (name.DroppingParticle is { } dropping)
        {
            familyPieces.Add(Formatted(dropping, givenFormat));
            familyPieces.Add(Node.Leaf(name.NonDroppingParticle is null && EndsJoined(dropping) ? "" : " "));
        }

        familyPieces.Add(FamilyPieces(name, familyText, familyFormat));

        if (name.Suffix is not null)
        {
            var comma = name.Suffix[0] == Particles.CommaMark;
            familyPieces.Add(Rich((comma ? ", " : " ") + name.Suffix.TrimStart(Particles.CommaMark)));
        }

        display.Add(WithAffixes(Node.Of(familyPieces), familyFormat));
        return Node.Of(display);
    }

    /// <summary>
    /// The family name with its non-dropping particle, formatted without affixes. Each piece carries the family
    /// formatting on its own, as citeproc-js writes it, in display and in sort order alike.
    /// </summary>
    private Node FamilyPieces(PersonName name, string familyText, NamePartElement? familyFormat)
    {
        if (name.NonDroppingParticle is not { } nonDropping || familyFormat is null)
        {
            return Formatted(familyText, familyFormat);
        }

        var particle = nonDropping.TrimEnd();
        return Node.Of([
            Formatted(particle, familyFormat),
            Node.Leaf(EndsJoined(particle) && particle.Length == nonDropping.Length ? "" : " "),
            Formatted(name.Family!, familyFormat),
        ]);
    }

    private static bool IsRomanic(string? s)
    {
        if (s is null)
        {
            return true;
        }

        foreach (var ch in s)
        {
            if (ch >= 0x0370 && ch is not (>= '\u2000' and <= '\u206f'))
            {
                // Greek and Cyrillic are romanesque; CJK, Arabic, Hebrew and the rest are not.
                if (ch is >= '\u0370' and <= '\u04ff')
                {
                    continue;
                }

                return false;
            }
        }

        return true;
    }

    /// <summary>A name part's text with its formatting and text-case, without its affixes.</summary>
    private Node Formatted(string text, NamePartElement? part)
    {
        var node = Rich(text);
        if (part is null)
        {
            return node;
        }

        var d = part.Decor;
        return Finish(node, new Decor
        {
            FontStyle = d.FontStyle, FontVariant = d.FontVariant, FontWeight = d.FontWeight,
            TextDecoration = d.TextDecoration, VerticalAlign = d.VerticalAlign, TextCase = d.TextCase,
            StripPeriods = d.StripPeriods,
        });
    }

    private static Node WithAffixes(Node node, NamePartElement? part) =>
        part is null || (part.Decor.Prefix is null && part.Decor.Suffix is null)
            ? node
            : new Node { Kids = [node], Prefix = part.Decor.Prefix, Suffix = part.Decor.Suffix };

    /// <summary>Whether the particle runs into the family name: it ends in an apostrophe or hyphen, or holds its own space.</summary>
    private static bool EndsJoined(string particle) =>
        particle.EndsWith('\'') || particle.EndsWith('\u2019') || particle.EndsWith('-') || particle.EndsWith(' ');

    private Node Part(string text, NamePartElement? part)
    {
        var node = Rich(text);
        return part is null ? node : Finish(node, part.Decor);
    }

    /// <summary>Initialises given names: "John Aloysius" to "J. A.", "Jean-Luc" to "J.-L.", "Ph." kept.</summary>
    public string Initials(string given, string with, bool initialize)
    {
        var sb = new StringBuilder();
        var trimmedWith = with.TrimEnd();
        var words = given.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        foreach (var word in words)
        {
            var pieces = word.Split('-');
            for (var p = 0; p < pieces.Length; p++)
            {
                var hyphenated = p > 0;
                if (hyphenated && initialize && pieces[p].Length > 0 && char.IsLower(pieces[p][0]))
                {
                    // "Jae-sung" initialises to "J." (citeproc-js drops a lower-case hyphenated part).
                    continue;
                }

                if (hyphenated)
                {
                    if (sb.Length > 0 && sb[^1] == ' ')
                    {
                        sb.Length--;
                    }

                    if (InitializeWithHyphen)
                    {
                        sb.Append('-');
                    }
                }

                // Markup around a name ("<b>John</b>") stays around its initial: "<b>J.</b>".
                var (lead, piece, trail) = PeelTags(pieces[p]);
                sb.Append(lead);

                // Tokens split at periods: "Ph.M.E." is Ph, M, E, each written with a period.
                var i = 0;
                while (i < piece.Length)
                {
                    var dot = piece.IndexOf('.', i);
                    var token = dot < 0 ? piece[i..] : piece[i..dot];
                    var dotted = dot >= 0;
                    i = dot < 0 ? piece.Length : dot + 1;
                    if (token.Length == 0)
                    {
                        continue;
                    }

                    if (!char.IsLetter(token[0]) || (char.IsLower(token[0]) && !dotted))
                    {
                        if (sb.Length > 0 && sb[^1] != ' ' && sb[^1] != '-')
                        {
                            sb.Append(' ');
                        }

                        sb.Append(token).Append(' ');
                        continue;
                    }

                    string text;
                    if (dotted || token.Length == 1)
                    {
                        text = dotted ? token : token.ToUpperInvariant();
                    }
                    else if (initialize)
                    {
                        // "TSerendorjiin" keeps its digraph: "Ts."
                        text = token.Length > 2 && char.IsUpper(token[0]) && char.IsUpper(token[1]) && char.IsLower(token[2])
                            ? token[0] + char.ToLowerInvariant(token[1]).ToString()
                            : char.ToUpperInvariant(token[0]).ToString();
                    }
                    else
                    {
                        sb.Append(token).Append(' ');
                        continue;
                    }

                    var last = i >= piece.Length && p < pieces.Length - 1;
                    sb.Append(text).Append(last ? trimmedWith : with);
                }

                if (trail.Length > 0)
                {
                    // The closing tags go before the space that follows the initial.
                    var spaces = 0;
                    while (spaces < sb.Length && sb[sb.Length - 1 - spaces] == ' ')
                    {
                        spaces++;
                    }

                    sb.Length -= spaces;
                    sb.Append(trail).Append(' ', spaces);
                }
            }
        }

        return sb.ToString().TrimEnd();
    }

    /// <summary>Splits the tags opening and closing a word ("&lt;b&gt;John&lt;/b&gt;") from its text.</summary>
    private static (string Lead, string Text, string Trail) PeelTags(string word)
    {
        if (word.Length == 0 || (word[0] != '<' && word[^1] != '>'))
        {
            return ("", word, "");
        }

        var start = 0;
        while (start < word.Length && word[start] == '<' && word.IndexOf('>', start) is var close and > 0)
        {
            start = close + 1;
        }

        var end = word.Length;
        while (end > start && word[end - 1] == '>' && word.LastIndexOf('<', end - 1) is var open && open >= start)
        {
            end = open;
        }

        return (word[..start], word[start..end], word[end..]);
    }
}

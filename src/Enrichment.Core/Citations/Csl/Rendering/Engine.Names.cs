using System.Globalization;
using System.Text;
using Enrichment.Core.Citations.Csl.Model;
using Enrichment.Core.Citations.Csl.Output;
using Enrichment.Core.Records;

namespace Enrichment.Core.Citations.Csl.Rendering;

internal sealed partial class Engine
{
    private static readonly IReadOnlyDictionary<string, string> NoAttributes = new Dictionary<string, string>();
    private NameOptions? _defaultCitationNames;
    private NameOptions? _defaultBibliographyNames;

    private bool? _usesYearSuffix;

    /// <summary>Whether the style renders year-suffix itself (else it follows the first year).</summary>
    public bool UsesYearSuffix => _usesYearSuffix ??= MentionsYearSuffix();

    private bool MentionsYearSuffix()
    {
        var found = false;
        var scanned = new HashSet<MacroElement>();
        void Scan(IReadOnlyList<Element> elements)
        {
            foreach (var e in elements)
            {
                switch (e)
                {
                    case TextElement { Source: TextSource.Variable, Name: "year-suffix" }:
                        found = true;
                        break;
                    case TextElement { Source: TextSource.Macro, Macro: { } m }:
                        if (scanned.Add(m))
                        {
                            Scan(m.Children);
                        }

                        break;
                    case GroupElement g:
                        Scan(g.Children);
                        break;
                    case ChooseElement ch:
                        foreach (var b in ch.Branches)
                        {
                            Scan(b.Children);
                        }

                        break;
                    case NamesElement n when n.Substitute is not null:
                        Scan(n.Substitute);
                        break;
                }
            }
        }

        if (Style.Citation is not null)
        {
            Scan(Style.Citation.Layout.Children);
        }

        if (Style.Bibliography is not null)
        {
            Scan(Style.Bibliography.Layout.Children);
        }

        return found;
    }


    public NameOptions Options(NameElement? name, Ctx c)
    {
        if (name is null)
        {
            return c.Bib
                ? _defaultBibliographyNames ??= BuildOptions(NoAttributes, c.Mode)
                : _defaultCitationNames ??= BuildOptions(NoAttributes, c.Mode);
        }

        return c.Bib
            ? name.ForBibliography ??= BuildOptions(name.Attributes, c.Mode)
            : name.ForCitation ??= BuildOptions(name.Attributes, c.Mode);
    }

    private NameOptions BuildOptions(IReadOnlyDictionary<string, string> own, ModeElement mode)
    {
        string? Get(string key, string? inherited = null)
        {
            if (own.TryGetValue(key, out var v))
            {
                return v;
            }

            var m = mode.Option(inherited ?? key);
            return m ?? Style.Option(inherited ?? key);
        }

        static int Int(string? s, int fallback) =>
            s is not null && int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : fallback;

        var etAlMin = Int(Get("et-al-min"), 0);
        var etAlUseFirst = Int(Get("et-al-use-first"), 0);
        return new NameOptions
        {
            And = Get("and"),
            Delimiter = Get("delimiter", "name-delimiter") ?? ", ",
            DelimiterPrecedesEtAl = Get("delimiter-precedes-et-al") ?? "contextual",
            DelimiterPrecedesLast = Get("delimiter-precedes-last") ?? "contextual",
            EtAlMin = etAlMin,
            EtAlUseFirst = etAlUseFirst,
            EtAlSubsequentMin = Int(Get("et-al-subsequent-min"), etAlMin),
            EtAlSubsequentUseFirst = Int(Get("et-al-subsequent-use-first"), etAlUseFirst),
            EtAlUseLast = Get("et-al-use-last") == "true",
            EtAlUseFirstZero = Get("et-al-use-first") == "0",
            Form = Get("form", "name-form") ?? "long",
            Initialize = Get("initialize") != "false",
            InitializeWith = Get("initialize-with"),
            NameAsSortOrder = Get("name-as-sort-order"),
            SortSeparator = Get("sort-separator") ?? ", ",
        };
    }

    private Node? RenderNames(NamesElement ne, Ctx c)
    {
        var node = RenderNamesCore(ne, c);
        if (node is not null && c.SuppressNamesOnce && c.SubstituteParent is null)
        {
            c.SuppressNamesOnce = false;
            return null;
        }

        return node;
    }

    private Node? RenderNamesCore(NamesElement ne, Ctx c)
    {
        c.Called++;
        var nameElement = ne.Name ?? c.SubstituteParent?.Name;
        var etAl = ne.EtAl ?? c.SubstituteParent?.EtAl;
        var label = ne.Label ?? (ne.Name is null ? c.SubstituteParent?.Label : null);
        var labelBefore = ne.Label is not null ? ne.LabelBeforeName : c.SubstituteParent?.LabelBeforeName ?? false;
        var options = Options(nameElement, c);

        var lists = new List<(string Variable, IReadOnlyList<PersonName> Names)>();
        var suppressed = false;
        foreach (var variable in ne.Variables)
        {
            if (c.IsSuppressed(variable))
            {
                suppressed |= !c.Item.GetNames(variable).IsDefaultOrEmpty;
                continue;
            }

            var names = c.Item.GetNames(variable);
            if (!names.IsDefaultOrEmpty)
            {
                lists.Add((variable, names));
            }
        }

        if (lists.Count == 2 && lists[0].Variable is "editor" or "translator" && lists[1].Variable is "editor" or "translator"
            && lists[0].Names.SequenceEqual(lists[1].Names)
            && (label is null || !string.IsNullOrEmpty(TermText("editortranslator", label.Form))))
        {
            lists = [("editortranslator", lists[0].Names)];
        }

        if (lists.Count == 0)
        {
            // Names already used by a substitution stay used: no second substitution either.
            return suppressed ? null : Substitute(ne, c);
        }

        if (options.Form == "count" && !c.SortMode || nameElement?.Attributes.GetValueOrDefault("form") == "count")
        {
            var total = 0;
            foreach (var (_, names) in lists)
            {
                total += CountShown(names, options, c);
            }

            if (total == 0)
            {
                return null;
            }

            c.Rendered++;
            return Finish(Node.Leaf(total.ToString(CultureInfo.InvariantCulture)), ne.Decor);
        }

        var kids = new List<Node>();
        foreach (var (variable, names) in lists)
        {
            var list = RenderNameList(names, options, nameElement, etAl, c);
            if (list is null)
            {
                continue;
            }

            // Subsequent-author-substitute compares and replaces the names, not their label.
            c.FirstNames ??= list;
            c.Record(variable == "editortranslator" ? "editor" : variable);
            if (variable == "editortranslator")
            {
                c.Record("translator");
            }

            if (label is not null && !c.SortMode)
            {
                var plural = label.Plural switch
                {
                    "always" => true,
                    "never" => false,
                    _ => CountReal(names) > 1,
                };
                var term = TermText(variable, label.Form, plural);
                if (!string.IsNullOrEmpty(term))
                {
                    var labelNode = Finish(Rich(term), label.Decor);
                    list = labelBefore ? Node.Of([labelNode, list]) : Node.Of([list, labelNode]);
                }
            }

            kids.Add(list);
        }

        if (kids.Count == 0)
        {
            return null;
        }

        c.Rendered++;
        var node = Finish(Node.Of(kids, ne.Delimiter ?? c.Mode.Option("names-delimiter") ?? Style.Option("names-delimiter")), ne.Decor);
        c.FirstNames ??= node;
        return node;
    }

    private Node? Substitute(NamesElement ne, Ctx c)
    {
        if (ne.Substitute is null)
        {
            return null;
        }

        var saved = c.SubstituteParent;
        c.SubstituteParent = ne;
        try
        {
            foreach (var candidate in ne.Substitute)
            {
                var recording = new List<string>();
                var previous = c.Recording;
                c.Recording = recording;
                var output = new List<Node>();
                var rendered = c.Rendered;
                Render(candidate, c, output);
                c.Recording = previous;
                if (output.Count > 0)
                {
                    c.Suppressed ??= [];
                    foreach (var v in recording)
                    {
                        c.Suppressed.Add(v);
                        previous?.Add(v);
                    }

                    c.Rendered = Math.Max(c.Rendered, rendered + 1);
                    var node = Finish(output.Count == 1 ? output[0] : Node.Of(output), ne.Decor);
                    c.FirstNames ??= node;
                    return node;
                }
            }
        }
        finally
        {
            c.SubstituteParent = saved;
        }

        return null;
    }

    private static int CountReal(IReadOnlyList<PersonName> names)
    {
        var n = 0;
        foreach (var name in names)
        {
            if (!name.IsOthers)
            {
                n++;
            }
        }

        return n;
    }

    private (int Min, int UseFirst, bool UseLast) EtAlRule(NameOptions o, Ctx c)
    {
        var min = o.EtAlMin;
        var first = o.EtAlUseFirst;
        var last = o.EtAlUseLast;
        if (c.Cite is { Position: > 0 } && !c.Bib)
        {
            min = o.EtAlSubsequentMin;
            first = o.EtAlSubsequentUseFirst;
        }

        if (c.SortKey is { } key)
        {
            min = key.NamesMin ?? min;
            first = key.NamesUseFirst ?? first;
            last = key.NamesUseLast ?? last;
        }

        return (min, first, last);
    }

    private int CountShown(IReadOnlyList<PersonName> names, NameOptions o, Ctx c)
    {
        var count = CountReal(names);
        var (min, first, _) = EtAlRule(o, c);
        if (min > 0 && first > 0 && count >= min)
        {
            var shown = Math.Min(count, Math.Max(first, c.State.AddNames));
            return shown;
        }

        return count;
    }

    private Node? RenderNameList(IReadOnlyList<PersonName> all, NameOptions o, NameElement? ne, EtAlElement? etAl, Ctx c)
    {
        var names = new List<PersonName>(all.Count);
        var others = false;
        foreach (var n in all)
        {
            if (n.IsOthers)
            {
                others = true;
            }
            else
            {
                names.Add(n);
            }
        }

        if (names.Count == 0)
        {
            return null;
        }

        var (min, useFirst, useLast) = EtAlRule(o, c);
        if (min > 0 && useFirst == 0 && names.Count >= min && c.State.AddNames == 0 && o.EtAlUseFirstZero)
        {
            // et-al-use-first="0": the list is not printed at all.
            return null;
        }

        var shown = names.Count;
        var truncated = false;
        if (min > 0 && useFirst > 0 && names.Count >= min)
        {
            var first = Math.Max(useFirst, c.State.AddNames);
            if (first < names.Count)
            {
                shown = first;
                truncated = true;
            }
        }

        if (others && !truncated)
        {
            truncated = true;
        }

        var parts = new List<Node>(shown + 2);
        var inverted = new bool[shown];
        for (var i = 0; i < shown; i++)
        {
            var level = c.State.GivenLevels is { } levels && i < levels.Length ? levels[i] : 0;
            level = Math.Max(level, c.State.GivenLevelAll);
            parts.Add(RenderName(names[i], i, o, ne, c, level, out inverted[i]));
        }

        var sb = new List<Node>();
        var delimiter = o.Delimiter;
        for (var i = 0; i < shown; i++)
        {
            if (i > 0)
            {
                var isLast = i == shown - 1 && !truncated;
                if (isLast && o.And is not null && !c.SortMode)
                {
                    var useDelimiter = o.DelimiterPrecedesLast switch
                    {
                        "always" => true,
                        "never" => false,
                        "after-inverted-name" => inverted[i - 1],
                        _ => shown >= 3,
                    };
                    var andText = o.And == "symbol" ? "&" : TermText("and") ?? "and";
                    sb.Add(Node.Leaf(useDelimiter ? delimiter + andText + " " : " " + andText + " "));
                }
                else
                {
                    sb.Add(Node.Leaf(delimiter));
                }
            }

            sb.Add(parts[i]);
        }

        if (truncated && c.SortMode && useLast && names.Count > shown + 1)
        {
            sb.Add(Node.Leaf(delimiter));
            sb.Add(RenderName(names[^1], names.Count - 1, o, ne, c, 0, out _));
        }
        else if (truncated && !c.SortMode)
        {
            if (useLast && names.Count > shown + 1 && !others)
            {
                sb.Add(Node.Leaf(delimiter + "\u2026 "));
                sb.Add(RenderName(names[^1], names.Count - 1, o, ne, c, 0, out _));
            }
            else
            {
                var term = TermText(etAl?.Term ?? "et-al");
                if (!string.IsNullOrEmpty(term))
                {
                    var useDelimiter = o.DelimiterPrecedesEtAl switch
                    {
                        "always" => true,
                        "never" => false,
                        "after-inverted-name" => inverted[shown - 1],
                        _ => shown >= 2,
                    };
                    sb.Add(Node.Leaf(useDelimiter ? delimiter : " "));
                    sb.Add(Finish(Rich(term), etAl?.Decor ?? Decor.None));
                }
            }
        }

        var list = Node.Of(sb);
        return ne is null ? list : Finish(list, ne.Decor);
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

    private Node RenderName(PersonName raw, int index, NameOptions o, NameElement? ne, Ctx c, int givenLevel, out bool inverted)
    {
        var name = Particles.Split(raw);
        inverted = false;
        if (name.Family is null)
        {
            var literal = name.Literal ?? name.Given ?? "";
            return Finish(Rich(literal), ne?.Family?.Decor ?? Decor.None);
        }

        var form = o.Form;
        if (givenLevel > 0 && form == "short")
        {
            form = "long";
        }

        var familyText = name.NonDroppingParticle is null ? name.Family
            : name.NonDroppingParticle + (EndsJoined(name.NonDroppingParticle) ? "" : " ") + name.Family;
        var romanic = IsRomanic(name.Family) && IsRomanic(name.Given);
        if (form == "short" || string.IsNullOrEmpty(name.Given) && name.DroppingParticle is null)
        {
            var fam = Part(familyText, ne?.Family);
            if (form != "short" && name.Suffix is not null)
            {
                return Node.Of([fam, Rich(" " + name.Suffix.TrimStart(Particles.CommaMark))]);
            }

            return fam;
        }

        string? given = name.Given;
        if (given is not null && o.InitializeWith is not null && givenLevel < 2 && romanic)
        {
            given = Initials(given, o.InitializeWith, o.Initialize || givenLevel == 1 && false);
        }

        var sortOrder = c.SortMode || o.NameAsSortOrder == "all" || (o.NameAsSortOrder == "first" && index == 0);
        if (!romanic)
        {
            var combined = Node.Of([Part(familyText, ne?.Family), Part(given ?? "", ne?.Given)]);
            return combined;
        }

        var familyPart = ne?.Family;
        var givenPart = ne?.Given;
        if (sortOrder)
        {
            inverted = true;
            var demote = DemoteParticle == "display-and-sort" || (c.SortMode && DemoteParticle == "sort-only");
            var kids = new List<Node>();
            // Formatting follows each name part; the given part's affixes enclose the demoted particles.
            var givenPieces = new List<Node>();
            void AddGiven(string? text, NamePartElement? format)
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

            AddGiven(given, givenPart);
            AddGiven(name.DroppingParticle, givenPart);
            if (demote && name.NonDroppingParticle is not null)
            {
                AddGiven(name.NonDroppingParticle, familyPart);
                kids.Add(WithAffixes(Formatted(name.Family, familyPart), familyPart));
            }
            else
            {
                kids.Add(WithAffixes(Formatted(familyText, familyPart), familyPart));
            }

            if (givenPieces.Count > 0)
            {
                kids.Add(Node.Leaf(o.SortSeparator));
                kids.Add(WithAffixes(Node.Of(givenPieces), givenPart));
            }

            if (name.Suffix is not null)
            {
                kids.Add(Rich(o.SortSeparator + name.Suffix.TrimStart(Particles.CommaMark)));
            }

            return Node.Of(kids);
        }

        // Display order: the family part's affixes enclose the particles and the suffix.
        var display = new List<Node>();
        if (!string.IsNullOrEmpty(given))
        {
            display.Add(WithAffixes(Formatted(given, givenPart), givenPart));
            display.Add(Node.Leaf(" "));
        }

        var familyPieces = new List<Node>();
        if (name.DroppingParticle is { } dropping)
        {
            familyPieces.Add(Formatted(dropping, givenPart));
            familyPieces.Add(Node.Leaf(name.NonDroppingParticle is null && EndsJoined(dropping) ? "" : " "));
        }

        if (name.NonDroppingParticle is { } nonDropping)
        {
            // Each piece carries the family formatting on its own, as citeproc-js writes it.
            familyPieces.Add(Formatted(nonDropping, familyPart));
            familyPieces.Add(Node.Leaf(EndsJoined(nonDropping) ? "" : " "));
            familyPieces.Add(Formatted(name.Family, familyPart));
        }
        else
        {
            familyPieces.Add(Formatted(familyText, familyPart));
        }

        if (name.Suffix is not null)
        {
            var comma = name.Suffix[0] == Particles.CommaMark;
            familyPieces.Add(Rich((comma ? ", " : " ") + name.Suffix.TrimStart(Particles.CommaMark)));
        }

        display.Add(WithAffixes(Node.Of(familyPieces), familyPart));
        return Node.Of(display);
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

    private static bool EndsJoined(string particle) => particle.EndsWith('\'') || particle.EndsWith('\u2019') || particle.EndsWith('-');

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

                // Tokens split at periods: "Ph.M.E." is Ph, M, E, each written with a period.
                var piece = pieces[p];
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
            }
        }

        return sb.ToString().TrimEnd();
    }
}

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
        if (family.Length > 0 && char.IsLower(family[0]))
        {
            var lastSpace = LastLowerWordEnd(family);
            if (lastSpace > 0)
            {
                result = result with
                {
                    NonDroppingParticle = family[..lastSpace].TrimEnd(),
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

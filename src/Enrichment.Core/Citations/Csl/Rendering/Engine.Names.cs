using System.Globalization;
using Enrichment.Core.Citations.Csl.Model;
using Enrichment.Core.Citations.Csl.Output;
using Enrichment.Core.Records;

namespace Enrichment.Core.Citations.Csl.Rendering;

internal sealed partial class Engine
{
    private static readonly IReadOnlyDictionary<string, string> NoAttributes = new Dictionary<string, string>();
    private NameOptions? _defaultCitationNames;
    private NameOptions? _defaultBibliographyNames;

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
            And = AttributeValues.ParseAnd(Get("and")),
            Delimiter = Get("delimiter", "name-delimiter") ?? ", ",
            DelimiterPrecedesEtAl = AttributeValues.ParseDelimiterPrecedes(Get("delimiter-precedes-et-al")),
            DelimiterPrecedesLast = AttributeValues.ParseDelimiterPrecedes(Get("delimiter-precedes-last")),
            EtAlMin = etAlMin,
            EtAlUseFirst = etAlUseFirst,
            EtAlSubsequentMin = Int(Get("et-al-subsequent-min"), etAlMin),
            EtAlSubsequentUseFirst = Int(Get("et-al-subsequent-use-first"), etAlUseFirst),
            EtAlUseLast = Get("et-al-use-last") == "true",
            EtAlUseFirstZero = Get("et-al-use-first") == "0",
            Form = AttributeValues.ParseNameForm(Get("form", "name-form")),
            Initialize = Get("initialize") != "false",
            InitializeWith = Get("initialize-with"),
            NameAsSortOrder = AttributeValues.ParseNameAsSortOrder(Get("name-as-sort-order")),
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

    private Node? RenderNamesCore(NamesElement namesElement, Ctx context)
    {
        context.Called++;
        // Inside cs:substitute, a cs:names without its own cs:name, et-al and label borrows the parent's.
        var parent = context.SubstituteParent;
        var nameElement = namesElement.Name ?? parent?.Name;
        var etAl = namesElement.EtAl ?? parent?.EtAl;
        var label = namesElement.Label ?? (namesElement.Name is null ? parent?.Label : null);
        var labelBefore = namesElement.Label is not null ? namesElement.LabelBeforeName : parent?.LabelBeforeName ?? false;
        var options = Options(nameElement, context);

        var lists = NameLists(namesElement, label, context, out var suppressed);
        if (lists.Count == 0)
        {
            // Names already used by a substitution stay used: no second substitution either.
            return suppressed ? null : Substitute(namesElement, context);
        }

        if (options.Form == NameForm.Count && !context.SortMode || nameElement?.CountsNames == true)
        {
            return RenderNameCount(lists, options, namesElement, context);
        }

        var kids = new List<Node>();
        foreach (var (variable, names) in lists)
        {
            var list = RenderNameList(names, options, nameElement, etAl, context);
            if (list is null)
            {
                continue;
            }

            // Subsequent-author-substitute compares and replaces the names, not their label.
            context.FirstNames ??= list;
            context.Record(variable == "editortranslator" ? "editor" : variable);
            if (variable == "editortranslator")
            {
                context.Record("translator");
            }

            kids.Add(label is null || context.SortMode ? list : WithLabel(list, variable, names, label, labelBefore));
        }

        if (kids.Count == 0)
        {
            return null;
        }

        context.Rendered++;
        var delimiter = namesElement.Delimiter ?? context.Mode.Option("names-delimiter") ?? Style.Option("names-delimiter");
        var node = Finish(Node.Of(kids, delimiter), namesElement.Decor);
        context.FirstNames ??= node;
        return node;
    }

    /// <summary>
    /// The variables' non-empty name lists; editor and translator holding the same names become one
    /// "editortranslator" list. <paramref name="suppressed"/> tells whether a substitution already used some.
    /// </summary>
    private List<(string Variable, IReadOnlyList<PersonName> Names)> NameLists(NamesElement namesElement, LabelElement? label,
        Ctx context, out bool suppressed)
    {
        var lists = new List<(string Variable, IReadOnlyList<PersonName> Names)>();
        suppressed = false;
        foreach (var variable in namesElement.Variables)
        {
            if (context.IsSuppressed(variable))
            {
                suppressed |= !context.Item.GetNames(variable).IsDefaultOrEmpty;
                continue;
            }

            var names = context.Item.GetNames(variable);
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

        return lists;
    }

    /// <summary>form="count": how many names would show, as a number.</summary>
    private Node? RenderNameCount(List<(string Variable, IReadOnlyList<PersonName> Names)> lists, NameOptions options,
        NamesElement namesElement, Ctx context)
    {
        var total = 0;
        foreach (var (_, names) in lists)
        {
            total += CountShown(names, options, context);
        }

        if (total == 0)
        {
            return null;
        }

        context.Rendered++;
        return Finish(Node.Leaf(total.ToString(CultureInfo.InvariantCulture)), namesElement.Decor);
    }

    /// <summary>A name list with its role label ("eds.") before or after it.</summary>
    private Node WithLabel(Node list, string variable, IReadOnlyList<PersonName> names, LabelElement label, bool labelBefore)
    {
        var plural = label.Plural switch
        {
            LabelPlural.Always => true,
            LabelPlural.Never => false,
            _ => CountReal(names) > 1,
        };
        var term = TermText(variable, label.Form, plural);
        if (string.IsNullOrEmpty(term))
        {
            return list;
        }

        var labelNode = Finish(Rich(term), label.Decor);
        return labelBefore ? Node.Of([labelNode, list]) : Node.Of([list, labelNode]);
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
                if (output.Count == 0)
                {
                    // A candidate that printed nothing used nothing: what it suppressed on the way is free again.
                    foreach (var v in recording)
                    {
                        c.Suppressed!.Remove(v);
                    }
                }
                else
                {
                    foreach (var v in recording)
                    {
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

    /// <summary>One variable's names, joined, cut short by et-al as the options say, with "and" before the last.</summary>
    private Node? RenderNameList(IReadOnlyList<PersonName> allNames, NameOptions options, NameElement? nameElement, EtAlElement? etAl, Ctx context)
    {
        var (names, hasOthers) = WithoutOthers(allNames);
        if (names.Count == 0)
        {
            return null;
        }

        var rule = EtAlRule(options, context);
        if (rule.Min > 0 && rule.UseFirst == 0 && names.Count >= rule.Min && context.State.AddNames == 0 && options.EtAlUseFirstZero)
        {
            // et-al-use-first="0": the list is not printed at all.
            return null;
        }

        var shown = ShownCount(names.Count, rule, context.State.AddNames);
        var truncated = shown < names.Count || hasOthers;
        var pieces = JoinShownNames(names, shown, truncated, options, nameElement, context, out var lastShownInverted);
        if (truncated)
        {
            AppendTruncation(pieces, names, shown, hasOthers, rule.UseLast, lastShownInverted, options, nameElement, etAl, context);
        }

        var list = Node.Of(pieces);
        return nameElement is null ? list : Finish(list, nameElement.Decor);
    }

    /// <summary>The real names, and whether the input ended the list with "others".</summary>
    private static (List<PersonName> Names, bool HasOthers) WithoutOthers(IReadOnlyList<PersonName> allNames)
    {
        var names = new List<PersonName>(allNames.Count);
        var hasOthers = false;
        foreach (var name in allNames)
        {
            if (name.IsOthers)
            {
                hasOthers = true;
            }
            else
            {
                names.Add(name);
            }
        }

        return (names, hasOthers);
    }

    /// <summary>How many names show before et-al: all, or et-al-use-first (more if disambiguation added names).</summary>
    private static int ShownCount(int count, (int Min, int UseFirst, bool UseLast) rule, int addedNames)
    {
        if (rule.Min > 0 && rule.UseFirst > 0 && count >= rule.Min)
        {
            var first = Math.Max(rule.UseFirst, addedNames);
            if (first < count)
            {
                return first;
            }
        }

        return count;
    }

    /// <summary>The shown names with the delimiters, and the "and", between them.</summary>
    private List<Node> JoinShownNames(List<PersonName> names, int shown, bool truncated, NameOptions options,
        NameElement? nameElement, Ctx context, out bool lastShownInverted)
    {
        var rendered = new Node[shown];
        var inverted = new bool[shown];
        for (var i = 0; i < shown; i++)
        {
            rendered[i] = RenderName(names[i], i, options, nameElement, context, GivenNameLevel(context.State, i), out inverted[i]);
        }

        if (context.KeepFirstNamePieces && context.FirstNames is null)
        {
            context.FirstNamePieces ??= rendered;
        }

        var pieces = new List<Node>(2 * shown + 2);
        for (var i = 0; i < shown; i++)
        {
            if (i > 0)
            {
                var beforeLast = i == shown - 1 && !truncated;
                pieces.Add(NameSeparator(beforeLast, inverted[i - 1], shown, options, context));
            }

            pieces.Add(rendered[i]);
        }

        lastShownInverted = inverted[shown - 1];
        return pieces;
    }

    /// <summary>How far disambiguation expanded the given name of the name at <paramref name="position"/>.</summary>
    private static int GivenNameLevel(ItemState state, int position)
    {
        var level = state.GivenLevels is { } levels && position < levels.Length ? levels[position] : 0;
        return Math.Max(level, state.GivenLevelAll);
    }

    private Node NameSeparator(bool beforeLast, bool previousInverted, int shown, NameOptions options, Ctx context)
    {
        if (!beforeLast || options.And is null || context.SortMode)
        {
            return Node.Leaf(options.Delimiter);
        }

        var delimiterToo = options.DelimiterPrecedesLast switch
        {
            DelimiterPrecedes.Always => true,
            DelimiterPrecedes.Never => false,
            DelimiterPrecedes.AfterInvertedName => previousInverted,
            _ => shown >= 3,
        };
        var andText = options.And == NameAnd.Symbol ? "&" : TermText("and") ?? "and";
        return Node.Leaf(delimiterToo ? options.Delimiter + andText + " " : " " + andText + " ");
    }

    /// <summary>What ends a cut list: the last name (et-al-use-last, and in sort keys) or the et-al term.</summary>
    private void AppendTruncation(List<Node> pieces, List<PersonName> names, int shown, bool hasOthers, bool useLast,
        bool lastShownInverted, NameOptions options, NameElement? nameElement, EtAlElement? etAl, Ctx context)
    {
        var lastIsHidden = useLast && names.Count > shown + 1;
        if (context.SortMode)
        {
            if (lastIsHidden)
            {
                pieces.Add(Node.Leaf(options.Delimiter));
                pieces.Add(RenderName(names[^1], names.Count - 1, options, nameElement, context, 0, out _));
            }

            return;
        }

        if (lastIsHidden && !hasOthers)
        {
            pieces.Add(Node.Leaf(options.Delimiter + "\u2026 "));
            pieces.Add(RenderName(names[^1], names.Count - 1, options, nameElement, context, 0, out _));
            return;
        }

        var term = TermText(etAl?.Term ?? "et-al");
        if (string.IsNullOrEmpty(term))
        {
            return;
        }

        var delimiterToo = options.DelimiterPrecedesEtAl switch
        {
            DelimiterPrecedes.Always => true,
            DelimiterPrecedes.Never => false,
            DelimiterPrecedes.AfterInvertedName => lastShownInverted,
            _ => shown >= 2,
        };
        pieces.Add(Node.Leaf(delimiterToo ? options.Delimiter : " "));
        pieces.Add(Finish(Rich(term), etAl?.Decor ?? Decor.None));
    }
}

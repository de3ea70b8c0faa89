using System.Text;
using Enrichment.Core.Citations.Csl.Output;
using Enrichment.Core.Records;

namespace Enrichment.Core.Citations.Csl.Rendering;

/// <summary>Making cites that render alike tell their items apart: more names, given names, the disambiguate condition, year suffixes.</summary>
internal sealed partial class Session
{
    private void Disambiguate()
    {
        var mode = _e.Style.Citation;
        if (mode is null || _items.Count < 2)
        {
            return;
        }

        var addNames = mode.BoolOption("disambiguate-add-names");
        var addGiven = mode.BoolOption("disambiguate-add-givenname");
        var addYear = mode.BoolOption("disambiguate-add-year-suffix");
        var rule = mode.Option("givenname-disambiguation-rule") ?? "by-cite";

        if (addGiven && rule is "all-names" or "all-names-with-initials" or "primary-name" or "primary-name-with-initials")
        {
            GlobalGivenNames(rule);
        }

        var groups = AmbiguousGroups(_items);
        if (groups.Count == 0)
        {
            return;
        }

        if (addNames || (addGiven && rule == "by-cite"))
        {
            foreach (var group in groups)
            {
                SearchNamesAndGivenNames(group, addNames, addGiven && rule is "by-cite" or "all-names");
            }

            groups = AmbiguousGroups(_items);
        }

        if (groups.Count > 0)
        {
            foreach (var group in groups)
            {
                foreach (var item in group)
                {
                    _states[item.Id].Disambiguate = true;
                }
            }

            groups = AmbiguousGroups(_items);
        }

        if (addYear && groups.Count > 0)
        {
            var order = BibliographyOrder();
            var position = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < order.Count; i++)
            {
                position[order[i].Id] = i;
            }

            foreach (var group in groups)
            {
                var members = new List<Reference>(group);
                members.Sort((a, b) => position[a.Id].CompareTo(position[b.Id]));
                for (var i = 0; i < members.Count; i++)
                {
                    _states[members[i].Id].YearSuffix = YearSuffix(i);
                }
            }
        }
    }

    /// <summary>
    /// Tries more names, then expanded given names, for a group of clashing items, and keeps the first
    /// setting that leaves the fewest clashes (citeproc-js keeps added names even when some clash remains).
    /// </summary>
    private void SearchNamesAndGivenNames(List<Reference> group, bool addNames, bool addGiven)
    {
        var maxNames = 0;
        foreach (var item in group)
        {
            maxNames = Math.Max(maxNames, FirstNames(item).Count);
        }

        var configs = new List<(int N, int Level)> { (0, 0) };
        var nValues = new List<int> { 0 };
        if (addNames)
        {
            for (var n = 2; n <= maxNames; n++)
            {
                nValues.Add(n);
            }
        }

        var levels = addGiven ? new[] { 0, 1, 2 } : new[] { 0 };
        foreach (var n in nValues)
        {
            foreach (var level in levels)
            {
                if (n != 0 || level != 0)
                {
                    configs.Add((n, level));
                }
            }
        }

        // Each member keeps the first setting under which it clashes with the fewest others.
        var best = new (int Clashes, int Config)[group.Count];
        for (var m = 0; m < group.Count; m++)
        {
            best[m] = (int.MaxValue, 0);
        }

        for (var k = 0; k < configs.Count; k++)
        {
            Apply(group, configs[k].N, configs[k].Level);
            var keys = new string[group.Count];
            for (var m = 0; m < group.Count; m++)
            {
                keys[m] = DisambiguationKey(group[m]);
            }

            var allClear = true;
            for (var m = 0; m < group.Count; m++)
            {
                var clashes = 0;
                for (var o = 0; o < group.Count; o++)
                {
                    if (o != m && keys[o] == keys[m])
                    {
                        clashes++;
                    }
                }

                allClear &= clashes == 0;
                if (clashes < best[m].Clashes)
                {
                    best[m] = (clashes, k);
                }
            }

            if (allClear)
            {
                break;
            }
        }

        for (var m = 0; m < group.Count; m++)
        {
            var (n, level) = configs[best[m].Config];
            var state = _states[group[m].Id];
            state.AddNames = n;
            state.GivenLevels = level == 0 ? null : ExpandPositions(group[m], group, level);
        }
    }

    private void Apply(List<Reference> group, int n, int level)
    {
        foreach (var item in group)
        {
            var state = _states[item.Id];
            state.AddNames = n;
            state.GivenLevels = level == 0 ? null : ExpandPositions(item, group, level);
        }
    }

    /// <summary>Given-name levels for the names that share a family name with a different person in the group.</summary>
    private static int[] ExpandPositions(Reference item, List<Reference> group, int level)
    {
        var names = FirstNames(item);
        var levels = new int[names.Count];
        for (var i = 0; i < names.Count; i++)
        {
            var mine = Particles.Split(names[i]);
            foreach (var other in group)
            {
                if (ReferenceEquals(other, item))
                {
                    continue;
                }

                var theirs = FirstNames(other);
                if (i < theirs.Count)
                {
                    var o = Particles.Split(theirs[i]);
                    if (o.Family == mine.Family && Compact(o.Given) != Compact(mine.Given))
                    {
                        levels[i] = level;
                    }
                }
            }
        }

        return levels;
    }

    /// <summary>Given names compared without spacing and periods ("J. J." is "J.J.").</summary>
    private static string Compact(string? given) =>
        given is null ? "" : given.Replace(".", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);

    private int Clashes(List<Reference> group)
    {
        var keys = new Dictionary<string, int>(StringComparer.Ordinal);
        var clashes = 0;
        foreach (var item in group)
        {
            var key = DisambiguationKey(item);
            keys.TryGetValue(key, out var count);
            clashes += count;
            keys[key] = count + 1;
        }

        return clashes;
    }

    private bool AllStillTogether(List<Reference> group) => AmbiguousGroups(group) is { Count: 1 } g && g[0].Count == group.Count;

    private void GlobalGivenNames(string rule)
    {
        // Expand a name wherever another name in the document shares its family name but not its given name.
        var byFamily = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var item in _items)
        {
            foreach (var (_, names) in item.Names)
            {
                foreach (var raw in names)
                {
                    var n = Particles.Split(raw);
                    if (n.Family is null)
                    {
                        continue;
                    }

                    if (!byFamily.TryGetValue(n.FamilyWithParticle, out var set))
                    {
                        byFamily[n.FamilyWithParticle] = set = new HashSet<string>(StringComparer.Ordinal);
                    }

                    set.Add(n.Given ?? "");
                }
            }
        }

        var withInitials = rule.EndsWith("with-initials", StringComparison.Ordinal);
        var primaryOnly = rule.StartsWith("primary", StringComparison.Ordinal);
        foreach (var item in _items)
        {
            var authors = FirstNames(item);
            var levels = new int[authors.Count];
            var any = false;
            for (var i = 0; i < authors.Count; i++)
            {
                if (primaryOnly && i > 0)
                {
                    break;
                }

                var n = Particles.Split(authors[i]);
                if (n.Family is null || !byFamily.TryGetValue(n.FamilyWithParticle, out var givens) || givens.Count < 2)
                {
                    continue;
                }

                var initials = new HashSet<string>(StringComparer.Ordinal);
                var clash = false;
                foreach (var g in givens)
                {
                    if (!initials.Add(_e.Initials(g, ".", true)))
                    {
                        clash = true;
                    }
                }

                levels[i] = clash && !withInitials ? 2 : 1;
                any = true;
            }

            if (any)
            {
                _states[item.Id].GivenLevels = levels;
            }
        }
    }

    private static IReadOnlyList<PersonName> FirstNames(Reference item)
    {
        foreach (var v in new[] { "author", "editor", "translator", "composer", "director" })
        {
            if (item.Names.TryGetValue(v, out var names) && names.Length > 0)
            {
                return names;
            }
        }

        return [];
    }

    public static string YearSuffix(int index)
    {
        var sb = new StringBuilder();
        index++;
        while (index > 0)
        {
            index--;
            sb.Insert(0, (char)('a' + (index % 26)));
            index /= 26;
        }

        return sb.ToString();
    }

    private List<List<Reference>> AmbiguousGroups(IReadOnlyList<Reference> items)
    {
        var byKey = new Dictionary<string, List<Reference>>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var key = DisambiguationKey(item);
            if (!byKey.TryGetValue(key, out var list))
            {
                byKey[key] = list = [];
            }

            list.Add(item);
        }

        var groups = new List<List<Reference>>();
        foreach (var list in byKey.Values)
        {
            if (list.Count > 1)
            {
                groups.Add(list);
            }
        }

        return groups;
    }

    /// <summary>
    /// The item's cite as disambiguation compares it: in its subsequent form, the short form a note style
    /// repeats (as citeproc-js does; a style without position conditions renders the same either way).
    /// </summary>
    private string DisambiguationKey(Reference item)
    {
        var mode = _e.Style.Citation!;
        var ctx = new Ctx
        {
            E = _e, Item = item, State = _states[item.Id], Mode = mode, Bib = false,
            Cite = new CiteInfo { Position = 1 }, ForDisambiguation = true,
        };
        var kids = new List<Node>();
        _e.RenderChildren(mode.Layout.Children, ctx, kids);
        return Serializer.Render(Node.Of(kids), false, _e.Quotes);
    }
}

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
                DisambiguateConditions(group);
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
            var keys = new string[group.Count][];
            for (var m = 0; m < group.Count; m++)
            {
                keys[m] = DisambiguationKeys(group[m]);
            }

            var allClear = true;
            for (var m = 0; m < group.Count; m++)
            {
                var clashes = 0;
                for (var o = 0; o < group.Count; o++)
                {
                    if (o != m && Clash(keys[o], keys[m]))
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

    /// <summary>Most disambiguate conditions switched on one at a time; past it, all of them at once.</summary>
    private const int MaxIncrementalDisambiguateSteps = 16;

    /// <summary>
    /// Method 3: the group's cites are rendered with their disambiguate="true" conditions true, switched on one
    /// at a time in the order a render meets them; each cite keeps the fewest that set it apart from the rest of
    /// the group, and a cite that nothing sets apart keeps them all.
    /// </summary>
    private void DisambiguateConditions(List<Reference> group)
    {
        var conditions = 0;
        foreach (var item in group)
        {
            var state = _states[item.Id];
            state.Disambiguate = true;
            state.DisambiguateLimit = int.MaxValue;
            _ = DisambiguationKey(item, 0, out var met);
            conditions = Math.Max(conditions, met);
        }

        var settled = new bool[group.Count];
        var keys = new string[group.Count][];
        for (var limit = 1; limit < conditions && limit <= MaxIncrementalDisambiguateSteps; limit++)
        {
            for (var m = 0; m < group.Count; m++)
            {
                if (!settled[m])
                {
                    _states[group[m].Id].DisambiguateLimit = limit;
                }

                keys[m] = DisambiguationKeys(group[m]);
            }

            var allSettled = true;
            for (var m = 0; m < group.Count; m++)
            {
                if (settled[m])
                {
                    continue;
                }

                var clear = true;
                for (var o = 0; o < group.Count && clear; o++)
                {
                    clear = o == m || !Clash(keys[o], keys[m]);
                }

                settled[m] = clear;
                allSettled &= clear;
            }

            if (allSettled)
            {
                return;
            }
        }

        for (var m = 0; m < group.Count; m++)
        {
            if (!settled[m])
            {
                _states[group[m].Id].DisambiguateLimit = int.MaxValue;
            }
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

    /// <summary>
    /// The all-names and primary-name rules: every rendered name that another person in the document shares in
    /// its short form is expanded as far as it takes to tell them apart — initials, or (unless the rule is
    /// limited to initials) the full given name; a name nothing tells apart stays as styled. Given names that
    /// differ only in spacing and periods ("J. J.", "J.J.") are one person.
    /// </summary>
    private void GlobalGivenNames(string rule)
    {
        // The distinct given names (by their compact form) of each family name in the document.
        var byFamily = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
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

                    if (!byFamily.TryGetValue(n.FamilyWithParticle, out var givens))
                    {
                        byFamily[n.FamilyWithParticle] = givens = new Dictionary<string, string>(StringComparer.Ordinal);
                    }

                    givens.TryAdd(Compact(n.Given), n.Given ?? "");
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

                var mine = Compact(n.Given);
                var myInitials = _e.Initials(n.Given ?? "", ".", true);
                var initialsClash = false;
                foreach (var (compact, given) in givens)
                {
                    if (compact != mine && _e.Initials(given, ".", true) == myInitials)
                    {
                        initialsClash = true;
                        break;
                    }
                }

                if (initialsClash && withInitials)
                {
                    continue;
                }

                levels[i] = initialsClash ? 2 : 1;
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

    /// <summary>
    /// The sets of items whose cites match: in the first position, or, when the citation layout renders
    /// subsequent cites differently (a position condition, et-al-subsequent-*), in the subsequent one.
    /// </summary>
    private List<List<Reference>> AmbiguousGroups(IReadOnlyList<Reference> items)
    {
        var forms = _e.CitationVariesByPosition ? 2 : 1;
        var parent = new int[items.Count];
        for (var i = 0; i < parent.Length; i++)
        {
            parent[i] = i;
        }

        int Root(int i)
        {
            while (parent[i] != i)
            {
                i = parent[i] = parent[parent[i]];
            }

            return i;
        }

        for (var form = 0; form < forms; form++)
        {
            var firstWithKey = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < items.Count; i++)
            {
                var key = DisambiguationKey(items[i], form);
                if (firstWithKey.TryGetValue(key, out var other))
                {
                    parent[Root(i)] = Root(other);
                }
                else
                {
                    firstWithKey[key] = i;
                }
            }
        }

        var byRoot = new Dictionary<int, List<Reference>>();
        var groups = new List<List<Reference>>();
        for (var i = 0; i < items.Count; i++)
        {
            var root = Root(i);
            if (!byRoot.TryGetValue(root, out var list))
            {
                byRoot[root] = list = [];
                groups.Add(list);
            }

            list.Add(items[i]);
        }

        groups.RemoveAll(g => g.Count < 2);
        return groups;
    }

    private string[] DisambiguationKeys(Reference item) => _e.CitationVariesByPosition
        ? [DisambiguationKey(item, 0), DisambiguationKey(item, 1)]
        : [DisambiguationKey(item, 0)];

    private static bool Clash(string[] a, string[] b)
    {
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] == b[i])
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The cite as compared for ambiguity, in the first (0) or a subsequent (1) position.</summary>
    private string DisambiguationKey(Reference item, int position) => DisambiguationKey(item, position, out _);

    private string DisambiguationKey(Reference item, int position, out int disambiguateConditions)
    {
        var mode = _e.Style.Citation!;
        var ctx = new Ctx
        {
            E = _e, Item = item, State = _states[item.Id], Mode = mode, Bib = false,
            Cite = new CiteInfo { Position = position }, ForDisambiguation = true,
        };
        var kids = new List<Node>();
        _e.RenderChildren(mode.Layout.Children, ctx, kids);
        disambiguateConditions = ctx.DisambiguateConditions;
        return Serializer.Render(Node.Of(kids), false, _e.Quotes);
    }
}

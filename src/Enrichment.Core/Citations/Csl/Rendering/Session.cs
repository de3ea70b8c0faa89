using System.Globalization;
using System.Text;
using Enrichment.Core.Citations.Csl.Model;
using Enrichment.Core.Citations.Csl.Output;
using Enrichment.Core.Records;

namespace Enrichment.Core.Citations.Csl.Rendering;

/// <summary>
/// A document being processed: the registered items in citation order, their numbers and
/// disambiguation state, and the citations and bibliography rendered from them.
/// </summary>
internal sealed class Session
{
    private readonly Engine _e;
    private readonly List<Reference> _items;
    private readonly Dictionary<string, ItemState> _states = new(StringComparer.Ordinal);

    public Session(Engine engine, List<Reference> items)
    {
        _e = engine;
        _items = [];
        foreach (var item in items)
        {
            if (!_states.ContainsKey(item.Id))
            {
                _states[item.Id] = new ItemState();
                _items.Add(item);
            }
        }
    }

    public IReadOnlyList<Reference> Items => _items;

    public ItemState State(Reference item) => _states[item.Id];

    /// <summary>Numbers, then disambiguates, every registered item.</summary>
    public void Prepare()
    {
        var bibOrder = BibliographyOrder(numbersFirst: true);
        for (var i = 0; i < _items.Count; i++)
        {
            _states[_items[i].Id].CitationNumber = i + 1;
        }

        if (_e.Style.Bibliography is { Sort.Count: > 0 } && !SortsByCitationNumber(_e.Style.Bibliography))
        {
            for (var i = 0; i < bibOrder.Count; i++)
            {
                _states[bibOrder[i].Id].CitationNumber = i + 1;
            }
        }

        Disambiguate();
    }

    private static bool SortsByCitationNumber(ModeElement mode)
    {
        foreach (var key in mode.Sort)
        {
            if (key.Variable == "citation-number")
            {
                return true;
            }
        }

        return false;
    }

    // ---------- sorting ----------

    private List<Reference> BibliographyOrder(bool numbersFirst = false)
    {
        var mode = _e.Style.Bibliography;
        if (mode is null || mode.Sort.Count == 0)
        {
            return [.. _items];
        }

        if (numbersFirst)
        {
            for (var i = 0; i < _items.Count; i++)
            {
                _states[_items[i].Id].CitationNumber = i + 1;
            }
        }

        return Sort(_items, mode, bib: true, cites: null);
    }

    private List<Reference> Sort(IReadOnlyList<Reference> items, ModeElement mode, bool bib, IReadOnlyList<CiteInfo?>? cites)
    {
        var order = StableOrder(items.Count, mode, i => SortKeys(items[i], mode, bib, cites?[i]));
        var result = new List<Reference>(order.Count);
        foreach (var index in order)
        {
            result.Add(items[index]);
        }

        return result;
    }

    public List<int> SortCites(IReadOnlyList<Reference> items, IReadOnlyList<CiteInfo> cites)
    {
        var mode = _e.Style.Citation!;
        return StableOrder(items.Count, mode, i => SortKeys(items[i], mode, false, cites[i]));
    }

    /// <summary>Positions 0..count-1 ordered by the mode's sort keys; ties keep their input order.</summary>
    private static List<int> StableOrder(int count, ModeElement mode, Func<int, SortValue[]> keysOf)
    {
        var keys = new List<(SortValue[] Keys, int Index)>(count);
        for (var i = 0; i < count; i++)
        {
            keys.Add((keysOf(i), i));
        }

        keys.Sort((a, b) =>
        {
            for (var k = 0; k < mode.Sort.Count; k++)
            {
                var cmp = SortValue.Compare(a.Keys[k], b.Keys[k], mode.Sort[k].Descending);
                if (cmp != 0)
                {
                    return cmp;
                }
            }

            return a.Index.CompareTo(b.Index);
        });
        var order = new List<int>(count);
        foreach (var k in keys)
        {
            order.Add(k.Index);
        }

        return order;
    }

    private SortValue[] SortKeys(Reference item, ModeElement mode, bool bib, CiteInfo? cite)
    {
        var result = new SortValue[mode.Sort.Count];
        for (var k = 0; k < mode.Sort.Count; k++)
        {
            var key = mode.Sort[k];
            var ctx = new Ctx
            {
                E = _e, Item = item, State = _states[item.Id], Mode = mode, Bib = bib, Cite = cite,
                SortMode = true, SortKey = key,
            };
            if (key.Variable is { } variable)
            {
                result[k] = VariableKey(item, variable, ctx);
            }
            else if (key.Macro is { } macro)
            {
                var kids = new List<Node>();
                _e.RenderChildren(macro.Children, ctx, kids);
                var text = Node.Of(kids).ToPlain();
                result[k] = SortValue.Of(text);
            }
        }

        return result;
    }

    private SortValue VariableKey(Reference item, string variable, Ctx ctx)
    {
        if (variable == "citation-number")
        {
            return SortValue.Number(ctx.State.CitationNumber);
        }

        if (variable == "citation-label")
        {
            var label = _e.Render(new TextElement { Name = variable, Source = TextSource.Variable }, ctx);
            return label is null ? SortValue.Empty : SortValue.Text(label.ToPlain());
        }

        if (item.Dates.TryGetValue(variable, out var date))
        {
            var normal = Engine.Normalise(date);
            return normal.Parts.IsDefaultOrEmpty ? SortValue.Empty : SortValue.Text(Engine.SortKeyOf(normal));
        }

        if (item.Names.TryGetValue(variable, out _))
        {
            var names = new NamesElement { Variables = [variable] };
            var node = _e.Render(names, ctx);
            return node is null ? SortValue.Empty : SortValue.Of(node.ToPlain());
        }

        var value = item.Get(variable);
        if (string.IsNullOrEmpty(value))
        {
            return SortValue.Empty;
        }

        if (Numbers.IsNumeric(value))
        {
            return SortValue.Number(Numbers.LeadingInt(value));
        }

        return SortValue.Text(Strip(value));
    }

    private string Strip(string value)
    {
        if (value.IndexOf('<') < 0)
        {
            return value;
        }

        return _e.Rich(value).ToPlain();
    }

    // ---------- disambiguation ----------

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

            var after = AmbiguousGroups(_items);
            var stillIds = new HashSet<string>(StringComparer.Ordinal);
            foreach (var g in after)
            {
                foreach (var i in g)
                {
                    stillIds.Add(i.Id);
                }
            }

            groups = after;
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

    private string DisambiguationKey(Reference item)
    {
        var mode = _e.Style.Citation!;
        var ctx = new Ctx
        {
            E = _e, Item = item, State = _states[item.Id], Mode = mode, Bib = false,
            Cite = new CiteInfo { Position = 0 }, ForDisambiguation = true,
        };
        var kids = new List<Node>();
        _e.RenderChildren(mode.Layout.Children, ctx, kids);
        return Serializer.Render(Node.Of(kids), false, _e.Quotes);
    }

    // ---------- citations ----------

    /// <summary>Sets first/subsequent/ibid/near-note on the cites of a document's citations, in order.</summary>
    public void AssignPositions(IReadOnlyList<(IReadOnlyList<Reference> Refs, IReadOnlyList<CiteInfo> Cites, int NoteIndex)> citations)
    {
        var nearNoteDistance = _e.Style.Citation?.IntOption("near-note-distance", 5) ?? 5;
        var firstNote = new Dictionary<string, int>(StringComparer.Ordinal);
        var lastNote = new Dictionary<string, int>(StringComparer.Ordinal);
        // Ibid looks back to the previous note as a whole (all its citations), or for in-text citations
        // (note 0) to the previous in-text citation.
        var currentNote = -1;
        var currentNoteRefs = new List<Reference>();
        CiteInfo? currentNoteLast = null;
        List<Reference>? previousNoteRefs = null;
        CiteInfo? previousNoteLast = null;
        IReadOnlyList<Reference>? previousInText = null;
        CiteInfo? previousInTextLast = null;
        foreach (var (refs, cites, note) in citations)
        {
            IReadOnlyList<Reference>? previousCitation;
            CiteInfo? previousCite;
            if (note > 0)
            {
                if (note != currentNote)
                {
                    if (currentNoteRefs.Count > 0)
                    {
                        previousNoteRefs = currentNoteRefs;
                        previousNoteLast = currentNoteLast;
                    }

                    currentNote = note;
                    currentNoteRefs = [];
                    currentNoteLast = null;
                }

                previousCitation = currentNoteRefs.Count > 0 ? currentNoteRefs : previousNoteRefs;
                previousCite = currentNoteRefs.Count > 0 ? currentNoteLast : previousNoteLast;
            }
            else
            {
                previousCitation = previousInText;
                previousCite = previousInTextLast;
            }

            string? previousId = null;
            for (var i = 0; i < refs.Count; i++)
            {
                var id = refs[i].Id;
                var cite = cites[i];
                if (!firstNote.TryGetValue(id, out var first))
                {
                    cite.Position = 0;
                    firstNote[id] = note;
                }
                else
                {
                    cite.FirstReferenceNoteNumber = first;
                    var sameAsPrevious = i > 0
                        ? previousId == id
                        : previousCitation is not null && AllSame(previousCitation, id);
                    if (sameAsPrevious && previousCite is not null)
                    {
                        if (cite.Locator is null)
                        {
                            cite.Position = previousCite.Locator is null ? 2 : 1;
                        }
                        else
                        {
                            cite.Position = cite.Locator == previousCite.Locator && cite.Label == previousCite.Label ? 2 : 3;
                        }
                    }
                    else
                    {
                        cite.Position = 1;
                    }

                    cite.NearNote = lastNote.TryGetValue(id, out var last) && note - last <= nearNoteDistance;
                }

                lastNote[id] = note;
                previousId = id;
                previousCite = cite;
            }

            if (note > 0)
            {
                currentNoteRefs.AddRange(refs);
                currentNoteLast = cites.Count > 0 ? cites[^1] : currentNoteLast;
            }
            else
            {
                previousInText = refs;
                previousInTextLast = cites.Count > 0 ? cites[^1] : previousInTextLast;
            }
        }
    }

    private static bool AllSame(IReadOnlyList<Reference> citation, string id)
    {
        foreach (var r in citation)
        {
            if (r.Id != id)
            {
                return false;
            }
        }

        return citation.Count > 0;
    }

    public string RenderCitation(IReadOnlyList<CitationItem> items, bool html)
    {
        var cites = new List<CiteInfo>();
        var refs = new List<Reference>();
        foreach (var item in items)
        {
            refs.Add(item.Item);
            cites.Add(new CiteInfo
            {
                Locator = item.Locator, Label = item.Label, Prefix = item.Prefix, Suffix = item.Suffix,
                SuppressAuthor = item.SuppressAuthor, AuthorOnly = item.AuthorOnly,
            });
        }

        return RenderCitation(refs, cites, html);
    }

    public string RenderCitation(IReadOnlyList<Reference> refs, IReadOnlyList<CiteInfo> cites, bool html)
    {
        var node = CitationNode(refs, cites);
        return node is null ? "" : Serializer.Render(node, html, _e.Quotes);
    }

    private Node? CitationNode(IReadOnlyList<Reference> refs, IReadOnlyList<CiteInfo> cites)
    {
        var mode = _e.Style.Citation;
        if (mode is null)
        {
            return null;
        }

        var order = mode.Sort.Count > 0 ? SortCites(refs, cites) : Enumerable.Range(0, refs.Count).ToList();
        var collapse = mode.Option("collapse");
        var layoutDelimiter = mode.Layout.Delimiter ?? "";

        // Cite grouping: cites by the same author are moved together, and collapsed when asked.
        var grouping = collapse is "year" or "year-suffix" or "year-suffix-ranged" || mode.Option("cite-group-delimiter") is not null;
        var rendered = new List<(Node Node, string Names, int Index)>();
        foreach (var i in order)
        {
            var ctx = NewCiteCtx(refs[i], cites[i], mode);
            var kids = new List<Node>();
            _e.RenderChildren(mode.Layout.Children, ctx, kids);
            var names = ctx.FirstNames is null ? "" : Serializer.Render(ctx.FirstNames, false, _e.Quotes);
            var citeNode = Node.Of(kids);
            if (_e.Style.Class == "note" && StartsSentence(cites[i].Prefix, rendered.Count == 0))
            {
                CapitalizeLeadingTerm(citeNode);
            }

            rendered.Add((citeNode, names, i));
        }

        if (grouping)
        {
            rendered = GroupByNames(rendered);
        }

        var pieces = new List<Node>();
        if (collapse == "citation-number" && rendered.Count > 1)
        {
            return FinishLayout(CollapseNumbers(rendered, refs, cites, mode, layoutDelimiter), mode);
        }

        var collapseYear = collapse is "year" or "year-suffix" or "year-suffix-ranged";
        var groupDelimiter = mode.Option("cite-group-delimiter") ?? ", ";
        var previousSuffixOnly = false;
        var yearSuffixDelimiter = mode.Option("year-suffix-delimiter") ?? layoutDelimiter;
        var afterCollapseDelimiter = mode.Option("after-collapse-delimiter") ?? layoutDelimiter;
        string? previousYearKey = null;
        var groupSize = 0;
        var suffixRun = new List<(int PieceIndex, char Letter)>();
        for (var r = 0; r < rendered.Count; r++)
        {
            var (node, names, index) = rendered[r];
            var cite = cites[index];
            var state = _states[refs[index].Id];
            var sameGroup = grouping && r > 0 && names.Length > 0 && rendered[r - 1].Names == names;
            var suffixOnly = false;
            string? delimiter = null;
            if (sameGroup && collapseYear)
            {
                // Same author as the previous cite: the names are given once.
                var yearKey = RenderWithoutNames(refs[index], cite, mode, withoutSuffix: true);
                if (collapse != "year" && state.YearSuffix is not null && cite.Locator is null && yearKey == previousYearKey)
                {
                    suffixOnly = true;
                    node = Node.Leaf(state.YearSuffix);
                }
                else
                {
                    node = RenderWithoutNamesNode(refs[index], cite, mode);
                }

                previousYearKey = yearKey;
                var previousCite = cites[rendered[r - 1].Index];
                delimiter = suffixOnly ? yearSuffixDelimiter
                    : previousCite.Locator is not null || previousCite.Suffix is not null || previousSuffixOnly ? layoutDelimiter
                    : groupDelimiter;
                previousSuffixOnly = suffixOnly;
                groupSize++;
            }
            else if (sameGroup)
            {
                delimiter = groupDelimiter;
                groupSize++;
            }
            else
            {
                if (r > 0)
                {
                    delimiter = collapseYear && groupSize > 1 ? afterCollapseDelimiter : layoutDelimiter;
                }

                CloseSuffixRun(pieces, suffixRun, collapse);
                groupSize = 1;
                previousSuffixOnly = false;
                previousYearKey = collapseYear && grouping ? RenderWithoutNames(refs[index], cite, mode, withoutSuffix: true) : null;
            }

            if (node.IsEmpty)
            {
                continue;
            }

            if (delimiter is not null && pieces.Count > 0 && !StartsWithPunctuation(cite.Prefix))
            {
                // A cite suffix ending in punctuation takes the place of the delimiter's own.
                var previousSuffix = r > 0 ? cites[rendered[r - 1].Index].Suffix : null;
                if (previousSuffix is { Length: > 0 } && previousSuffix[^1] is ',' or '.' or ';' or ':'
                    && delimiter.Length > 0 && delimiter[0] is ',' or '.' or ';' or ':')
                {
                    delimiter = delimiter[1..];
                }

                pieces.Add(Node.Leaf(delimiter));
            }

            if (state.YearSuffix is { Length: 1 } letter && collapse == "year-suffix-ranged")
            {
                if (!suffixOnly)
                {
                    CloseSuffixRun(pieces, suffixRun, collapse);
                }

                suffixRun.Add((pieces.Count, letter[0]));
            }

            pieces.Add(WithCiteAffixes(node, cite));
        }

        CloseSuffixRun(pieces, suffixRun, collapse);
        pieces.RemoveAll(p => p.Text == "\u0000");
        return FinishLayout(Node.Of(pieces), mode);
    }

    /// <summary>Turns three or more consecutive year-suffixes (a, b, c) into a range (a–c).</summary>
    private static void CloseSuffixRun(List<Node> pieces, List<(int PieceIndex, char Letter)> run, string? collapse)
    {
        if (collapse == "year-suffix-ranged")
        {
            var start = 0;
            while (start < run.Count)
            {
                var end = start;
                while (end + 1 < run.Count && run[end + 1].Letter == run[end].Letter + 1)
                {
                    end++;
                }

                if (end - start >= 2)
                {
                    // Drop the middle suffixes and their delimiters; the last one's delimiter becomes a dash.
                    for (var k = start + 1; k < end; k++)
                    {
                        pieces[run[k].PieceIndex].Text = "\u0000";
                        pieces[run[k].PieceIndex].Kids = null;
                        pieces[run[k].PieceIndex - 1] = Node.Leaf("\u0000");
                    }

                    pieces[run[end].PieceIndex - 1] = Node.Leaf("\u2013");
                }

                start = end + 1;
            }
        }

        run.Clear();
    }

    private string RenderWithoutNames(Reference item, CiteInfo cite, ModeElement mode, bool withoutSuffix)
    {
        var state = _states[item.Id];
        var suffix = state.YearSuffix;
        if (withoutSuffix)
        {
            state.YearSuffix = null;
        }

        try
        {
            return RenderWithoutNamesNode(item, cite, mode).ToPlain();
        }
        finally
        {
            state.YearSuffix = suffix;
        }
    }

    private Node RenderWithoutNamesNode(Reference item, CiteInfo cite, ModeElement mode)
    {
        var ctx = NewCiteCtx(item, cite, mode);
        ctx.SuppressNamesOnce = true;
        var kids = new List<Node>();
        _e.RenderChildren(mode.Layout.Children, ctx, kids);
        return Node.Of(kids);
    }

    private static bool StartsWithPunctuation(string? prefix) =>
        !string.IsNullOrEmpty(prefix) && prefix[0] is ',' or '.' or ';' or ':';

    private static bool StartsSentence(string? prefix, bool firstInCitation)
    {
        if (string.IsNullOrEmpty(prefix))
        {
            return firstInCitation;
        }

        var trimmed = prefix.TrimEnd().TrimEnd('\u201d', '\u2019', '"');
        if (trimmed.Length == 0)
        {
            return firstInCitation;
        }

        // "Nocapsafter. " is an abbreviation; "Caps after. " ends a sentence.
        return trimmed[^1] is '!' or '?' || (trimmed[^1] == '.' && trimmed.Contains(' ', StringComparison.Ordinal));
    }

    /// <summary>Capitalises a locale term that opens a cite ("ibid." to "Ibid.").</summary>
    private static bool CapitalizeLeadingTerm(Node node)
    {
        if (node.IsEmpty)
        {
            return false;
        }

        if (node.Prefix is { Length: > 0 } prefix && prefix.Any(char.IsLetterOrDigit))
        {
            return true;
        }

        if (node.IsTerm)
        {
            var leaves = new List<Node>();
            node.Leaves(leaves);
            foreach (var leaf in leaves)
            {
                if (!string.IsNullOrEmpty(leaf.Text))
                {
                    leaf.Text = char.ToUpperInvariant(leaf.Text[0]) + leaf.Text[1..];
                    break;
                }
            }

            return true;
        }

        if (node.Text is not null)
        {
            return true;
        }

        foreach (var kid in node.Kids!)
        {
            if (!kid.IsEmpty)
            {
                return CapitalizeLeadingTerm(kid);
            }
        }

        return true;
    }

    private static bool IsGroupEnd(List<(Node Node, string Names, int Index)> rendered, int r) =>
        r > 0 && rendered[r].Names.Length > 0 && rendered[r].Names == rendered[r - 1].Names;

    private Node WithCiteAffixes(Node node, CiteInfo cite)
    {
        if (cite.Prefix is null && cite.Suffix is null)
        {
            return node;
        }

        var kids = new List<Node>();
        if (!string.IsNullOrEmpty(cite.Prefix))
        {
            kids.Add(_e.Rich(cite.Prefix));
        }

        kids.Add(node);
        if (!string.IsNullOrEmpty(cite.Suffix))
        {
            kids.Add(_e.Rich(cite.Suffix));
        }

        return Node.Of(kids);
    }

    private static Node FinishLayout(Node body, ModeElement mode) => LayoutDecorate(body, mode.Layout.Decor);

    /// <summary>Layout affixes sit inside the layout's formatting (citeproc-js does so).</summary>
    private static Node LayoutDecorate(Node body, Decor d)
    {
        if (d == Decor.None)
        {
            return body;
        }

        var inner = new Node
        {
            Kids = [body],
            Prefix = string.IsNullOrEmpty(d.Prefix) ? null : d.Prefix,
            Suffix = string.IsNullOrEmpty(d.Suffix) ? null : d.Suffix,
        };
        return new Node
        {
            Kids = [inner],
            FontStyle = d.FontStyle, FontVariant = d.FontVariant, FontWeight = d.FontWeight,
            TextDecoration = d.TextDecoration, VerticalAlign = d.VerticalAlign, Display = d.Display,
        };
    }

    private Node CollapseNumbers(List<(Node Node, string Names, int Index)> rendered, IReadOnlyList<Reference> refs,
        IReadOnlyList<CiteInfo> cites, ModeElement mode, string layoutDelimiter)
    {
        var pieces = new List<Node>();
        var i = 0;
        while (i < rendered.Count)
        {
            var j = i;
            while (j + 1 < rendered.Count
                   && cites[rendered[j + 1].Index].Locator is null && cites[rendered[j].Index].Locator is null
                   && cites[rendered[j + 1].Index].Prefix is null && cites[rendered[j].Index].Suffix is null
                   && _states[refs[rendered[j + 1].Index].Id].CitationNumber == _states[refs[rendered[j].Index].Id].CitationNumber + 1)
            {
                j++;
            }

            if (pieces.Count > 0)
            {
                pieces.Add(Node.Leaf(layoutDelimiter));
            }

            if (j - i >= 2)
            {
                pieces.Add(WithCiteAffixes(rendered[i].Node, cites[rendered[i].Index]));
                pieces.Add(Node.Leaf("\u2013"));
                pieces.Add(WithCiteAffixes(rendered[j].Node, cites[rendered[j].Index]));
                i = j + 1;
            }
            else
            {
                pieces.Add(WithCiteAffixes(rendered[i].Node, cites[rendered[i].Index]));
                i++;
            }
        }

        return Node.Of(pieces);
    }

    private static List<(Node Node, string Names, int Index)> GroupByNames(List<(Node Node, string Names, int Index)> rendered)
    {
        var result = new List<(Node, string, int)>();
        var used = new bool[rendered.Count];
        for (var i = 0; i < rendered.Count; i++)
        {
            if (used[i])
            {
                continue;
            }

            used[i] = true;
            result.Add(rendered[i]);
            if (rendered[i].Names.Length == 0)
            {
                continue;
            }

            for (var j = i + 1; j < rendered.Count; j++)
            {
                if (!used[j] && rendered[j].Names == rendered[i].Names)
                {
                    used[j] = true;
                    result.Add(rendered[j]);
                }
            }
        }

        return result;
    }

    private Ctx NewCiteCtx(Reference item, CiteInfo cite, ModeElement mode) => new()
    {
        E = _e, Item = item, State = _states[item.Id], Mode = mode, Bib = false, Cite = cite,
        SuppressNamesOnce = cite.SuppressAuthor,
    };

    // ---------- bibliography ----------

    public string RenderEntryAlone(Reference item, bool html)
    {
        var mode = _e.Style.Bibliography!;
        _states[item.Id].CitationNumber = 1;
        var node = EntryNode(item, mode, out _);
        return node is null ? "" : Serializer.Render(node, html, _e.Quotes);
    }

    public List<string> RenderBibliography(bool html)
    {
        var result = new List<string>();
        var mode = _e.Style.Bibliography;
        if (mode is null)
        {
            return result;
        }

        var sas = mode.Option("subsequent-author-substitute");
        var sasRule = mode.Option("subsequent-author-substitute-rule") ?? "complete-all";
        string? previousNames = null;
        foreach (var item in BibliographyOrder())
        {
            var ctx = NewBibCtx(item, mode);
            var node = EntryBody(ctx, mode);
            if (node is not null)
            {
                CapitalizeLeadingTerm(node);
            }

            if (node is null || node.IsEmpty)
            {
                // An item with nothing to print has no entry.
                continue;
            }

            if (sas is not null && ctx.FirstNames is { } namesNode)
            {
                var names = Serializer.Render(namesNode, false, _e.Quotes);
                if (names == previousNames && sasRule.StartsWith("complete", StringComparison.Ordinal))
                {
                    namesNode.Kids = [Node.Leaf(sas)];
                    namesNode.Text = null;
                    if (sas.Length == 0)
                    {
                        namesNode.Kids = [];
                    }
                }

                previousNames = names;
            }
            else
            {
                previousNames = null;
            }

            result.Add(Serializer.Render(WrapEntry(node, mode, ctx), html, _e.Quotes));
        }

        return result;
    }

    private Ctx NewBibCtx(Reference item, ModeElement mode) => new()
    {
        E = _e, Item = item, State = _states[item.Id], Mode = mode, Bib = true,
    };

    private Node? EntryNode(Reference item, ModeElement mode, out Ctx ctx)
    {
        ctx = NewBibCtx(item, mode);
        var body = EntryBody(ctx, mode);
        if (body is not null)
        {
            CapitalizeLeadingTerm(body);
        }

        return body is null ? null : WrapEntry(body, mode, ctx);
    }

    private Node? EntryBody(Ctx ctx, ModeElement mode)
    {
        var kids = new List<Node>();
        _e.RenderChildren(mode.Layout.Children, ctx, kids);
        if (kids.Count == 0)
        {
            return null;
        }

        if (mode.Option("second-field-align") is not null && kids.Count > 1 && kids[0].Display is null && !HasDisplay(kids[1]))
        {
            var first = kids[0];
            var rest = Node.Of(kids.GetRange(1, kids.Count - 1));
            first = new Node { Kids = [first], Display = "left-margin" };
            rest = new Node { Kids = [rest], Display = "right-inline" };
            return Node.Of([first, rest]);
        }

        return Node.Of(kids, mode.Layout.Delimiter);
    }

    private static bool HasDisplay(Node node) => node.Display is not null || (node.Kids is { Count: > 0 } kids && HasDisplay(kids[0]));

    private static Node WrapEntry(Node body, ModeElement mode, Ctx ctx)
    {
        var d = mode.Layout.Decor;
        if (d == Decor.None)
        {
            return body;
        }

        if (mode.Option("second-field-align") is not null && body.Kids is { Count: 2 })
        {
            // Layout affixes go inside the aligned blocks.
            var left = body.Kids[0];
            var right = body.Kids[1];
            if (d.Prefix is not null)
            {
                left.Kids = [new Node { Kids = left.Kids, Prefix = d.Prefix }];
            }

            if (d.Suffix is not null)
            {
                right.Kids = [new Node { Kids = right.Kids, Suffix = d.Suffix }];
            }

            return body;
        }

        return LayoutDecorate(body, d);
    }

    public static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);
}

/// <summary>One sort key value: missing values sort last, numbers numerically, text case-insensitively.</summary>
internal readonly record struct SortValue(bool Missing, bool IsNumber, double NumberValue, string TextValue)
{
    public static readonly SortValue Empty = new(true, false, 0, "");

    public static SortValue Number(double n) => new(false, true, n, "");

    public static SortValue Text(string s) => s.Length == 0 ? Empty : new(false, false, 0, Fold(s));

    public static SortValue Of(string s)
    {
        if (s.Length == 0)
        {
            return Empty;
        }

        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && s.Length < 12
            ? Number(n)
            : Text(s);
    }

    private static string Fold(string s)
    {
        var normal = s.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(normal.Length);
        foreach (var c in normal)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (c is '[' or ']' or '\u201c' or '\u201d' or '"' or '\u2018' or '\u2019' or '\'' or ',' or ';' or ':')
            {
                continue;
            }

            sb.Append(char.ToLowerInvariant(c));
        }

        return sb.ToString();
    }

    public static int Compare(SortValue a, SortValue b, bool descending)
    {
        if (a.Missing || b.Missing)
        {
            return a.Missing == b.Missing ? 0 : a.Missing ? 1 : -1;
        }

        int cmp;
        if (a.IsNumber && b.IsNumber)
        {
            cmp = a.NumberValue.CompareTo(b.NumberValue);
        }
        else
        {
            cmp = string.CompareOrdinal(a.IsNumber ? a.NumberValue.ToString(CultureInfo.InvariantCulture) : a.TextValue,
                b.IsNumber ? b.NumberValue.ToString(CultureInfo.InvariantCulture) : b.TextValue);
        }

        return descending ? -cmp : cmp;
    }
}

using System.Collections.Frozen;

namespace Enrichment.Core.Formats.BibTex;

/// <summary>
/// Which fields a child takes from its <c>crossref</c> parent, and under which names: biber's default
/// inheritance (biblatex manual, appendix B, "Default Crossref Setup"). Every field is inherited under its
/// own name unless the child has it, except the ones no entry inherits; for some pairs of parent and child
/// types a field moves to another name (a <c>@proceedings</c> title is an <c>@inproceedings</c>' booktitle)
/// and the short, sort and index titles stay with the parent. <c>xdata</c> copies fields as they are.
/// </summary>
internal static class BibTexInheritanceRules
{
    /// <summary>Fields no child inherits, for any pair of types (biblatex's <c>\noinherit</c> for <c>*</c> to <c>*</c>).</summary>
    public static readonly FrozenSet<string> NeverInherited = FrozenSet.Create(StringComparer.Ordinal,
        "ids", "crossref", "xref", "xdata", "entryset", "entrysubtype", "execute", "label", "options", "presort",
        "related", "relatedoptions", "relatedstring", "relatedtype", "shorthand", "shorthandintro", "sortkey");

    /// <summary>Fields that name one thing twice (BibTeX's and biblatex's names, or parts of one date): a child with one lacks none of them.</summary>
    private static readonly FrozenDictionary<string, string> SameThing = new Dictionary<string, string>
    {
        ["journal"] = "journaltitle", ["journaltitle"] = "journaltitle",
        ["address"] = "location", ["location"] = "location",
        ["school"] = "institution", ["institution"] = "institution",
        ["annote"] = "annotation", ["annotation"] = "annotation",
        ["archiveprefix"] = "eprinttype", ["eprinttype"] = "eprinttype",
        ["primaryclass"] = "eprintclass", ["eprintclass"] = "eprintclass",
        ["year"] = "date", ["month"] = "date", ["date"] = "date",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly (string From, string To)[] ToMain =
        [("title", "maintitle"), ("subtitle", "mainsubtitle"), ("titleaddon", "maintitleaddon")];

    private static readonly (string From, string To)[] ToBook =
        [("title", "booktitle"), ("subtitle", "booksubtitle"), ("titleaddon", "booktitleaddon")];

    private static readonly (string From, string To)[] ToJournal =
        [("title", "journaltitle"), ("subtitle", "journalsubtitle"), ("titleaddon", "journaltitleaddon")];

    private static readonly (string From, string To)[] BookAuthor = [("author", "author"), ("author", "bookauthor")];

    private static readonly string[] TitlesKept = ["shorttitle", "sorttitle", "indextitle", "indexsorttitle"];

    /// <summary>The special rules for one (parent type, child type) pair: renamed fields, and fields kept back.</summary>
    private static readonly FrozenDictionary<(string Parent, string Child), PairRule> Pairs = BuildPairs();

    private sealed record PairRule((string From, string To)[] Renames, bool KeepTitles);

    private static FrozenDictionary<(string, string), PairRule> BuildPairs()
    {
        var pairs = new Dictionary<(string, string), (List<(string, string)> Renames, bool KeepTitles)>();

        void Add(string[] parents, string[] children, (string, string)[] renames, bool keepTitles)
        {
            foreach (var parent in parents)
            {
                foreach (var child in children)
                {
                    if (!pairs.TryGetValue((parent, child), out var rule))
                    {
                        rule = ([], false);
                    }

                    rule.Renames.AddRange(renames);
                    pairs[(parent, child)] = (rule.Renames, rule.KeepTitles || keepTitles);
                }
            }
        }

        Add(["mvbook", "book"], ["inbook", "bookinbook", "suppbook"], BookAuthor, keepTitles: false);
        Add(["mvbook"], ["book", "inbook", "bookinbook", "suppbook"], ToMain, keepTitles: true);
        Add(["mvcollection", "mvreference"], ["collection", "reference", "incollection", "inreference", "suppcollection"], ToMain, keepTitles: true);
        Add(["mvproceedings"], ["proceedings", "inproceedings"], ToMain, keepTitles: true);
        Add(["book"], ["inbook", "bookinbook", "suppbook"], ToBook, keepTitles: true);
        Add(["collection", "reference"], ["incollection", "inreference", "suppcollection"], ToBook, keepTitles: true);
        Add(["proceedings"], ["inproceedings"], ToBook, keepTitles: true);
        Add(["periodical"], ["article", "suppperiodical"], ToJournal, keepTitles: true);
        return pairs.ToFrozenDictionary(p => p.Key, p => new PairRule([.. p.Value.Renames], p.Value.KeepTitles));
    }

    /// <summary>The name a field has when asking whether a child lacks it: aliases and the parts of a date count as one.</summary>
    public static string Canonical(string field) => SameThing.TryGetValue(field, out var canonical) ? canonical : field;

    /// <summary>
    /// Adds to <paramref name="child"/> what it inherits from <paramref name="parent"/> by <c>crossref</c>:
    /// each of the parent's fields under the name the pair's rule gives it, where the child has no such field.
    /// </summary>
    public static void Inherit(string parentType, IReadOnlyList<RawField> parent, string childType, List<RawField> child)
    {
        Pairs.TryGetValue((parentType, childType), out var rule);
        var present = Present(child);
        foreach (var field in parent)
        {
            if (NeverInherited.Contains(field.Name) || (rule?.KeepTitles == true && TitlesKept.Contains(field.Name)))
            {
                continue;
            }

            var renamed = false;
            foreach (var (from, to) in rule?.Renames ?? [])
            {
                if (from == field.Name)
                {
                    renamed = true;
                    AddIfLacking(child, present, new RawField(to, field.Value));
                }
            }

            if (!renamed)
            {
                AddIfLacking(child, present, field);
            }
        }
    }

    /// <summary>Adds to <paramref name="child"/> the fields of an <c>xdata</c> entry it lacks, under their own names.</summary>
    public static void Copy(IReadOnlyList<RawField> data, List<RawField> child)
    {
        var present = Present(child);
        foreach (var field in data)
        {
            if (!NeverInherited.Contains(field.Name))
            {
                AddIfLacking(child, present, field);
            }
        }
    }

    /// <summary>What the child has before one source is read: its fields' names as <see cref="Canonical"/> gives them.</summary>
    private static HashSet<string> Present(List<RawField> child)
    {
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in child)
        {
            present.Add(Canonical(field.Name));
        }

        return present;
    }

    private static void AddIfLacking(List<RawField> child, HashSet<string> present, RawField field)
    {
        // A field the child had before this source blocks its aliases (journal blocks journaltitle, year blocks
        // date); fields taken from this source block only their own name, so a parent's year and month both come.
        if (present.Contains(Canonical(field.Name)))
        {
            return;
        }

        if (present.Add(field.Name))
        {
            child.Add(field);
        }
    }
}

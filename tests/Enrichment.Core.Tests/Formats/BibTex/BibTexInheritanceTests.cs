using System.Text;
using Enrichment.Core.Formats;
using Enrichment.Core.Formats.BibTex;
using Enrichment.Testing;

namespace Enrichment.Core.Tests.Formats.BibTex;

public sealed class BibTexInheritanceTests
{
    /// <summary>
    /// biber's default inheritance (biblatex manual, appendix B): parent type, child type, a parent field, and the
    /// field the child gets (null: not inherited).
    /// </summary>
    public static TheoryData<string, string, string, string?> DefaultRules => new()
    {
        { "proceedings", "inproceedings", "title", "booktitle" },
        { "proceedings", "inproceedings", "subtitle", "booksubtitle" },
        { "proceedings", "inproceedings", "titleaddon", "booktitleaddon" },
        { "proceedings", "inproceedings", "shorttitle", null },
        { "proceedings", "inproceedings", "sorttitle", null },
        { "proceedings", "inproceedings", "indextitle", null },
        { "proceedings", "inproceedings", "indexsorttitle", null },
        { "proceedings", "inproceedings", "publisher", "publisher" },
        { "proceedings", "inproceedings", "editor", "editor" },
        { "collection", "incollection", "title", "booktitle" },
        { "collection", "inreference", "subtitle", "booksubtitle" },
        { "reference", "inreference", "title", "booktitle" },
        { "collection", "suppcollection", "titleaddon", "booktitleaddon" },
        { "book", "inbook", "title", "booktitle" },
        { "book", "bookinbook", "subtitle", "booksubtitle" },
        { "book", "suppbook", "titleaddon", "booktitleaddon" },
        { "book", "inbook", "author", "bookauthor" },
        { "book", "inbook", "shorttitle", null },
        { "mvbook", "inbook", "title", "maintitle" },
        { "mvbook", "book", "subtitle", "mainsubtitle" },
        { "mvbook", "bookinbook", "titleaddon", "maintitleaddon" },
        { "mvbook", "suppbook", "author", "bookauthor" },
        { "mvbook", "book", "sorttitle", null },
        { "mvcollection", "collection", "title", "maintitle" },
        { "mvcollection", "incollection", "title", "maintitle" },
        { "mvreference", "inreference", "subtitle", "mainsubtitle" },
        { "mvproceedings", "proceedings", "title", "maintitle" },
        { "mvproceedings", "inproceedings", "titleaddon", "maintitleaddon" },
        { "periodical", "article", "title", "journaltitle" },
        { "periodical", "article", "subtitle", "journalsubtitle" },
        { "periodical", "suppperiodical", "title", "journaltitle" },
        { "periodical", "article", "indextitle", null },
        // Pairs without a rule inherit every field under its own name...
        { "book", "article", "title", "title" },
        { "misc", "misc", "shorttitle", "shorttitle" },
        { "proceedings", "incollection", "title", "title" },
        // ...except the ones no entry inherits.
        { "book", "inbook", "ids", null },
        { "book", "inbook", "crossref", null },
        { "book", "inbook", "xref", null },
        { "book", "inbook", "xdata", null },
        { "collection", "incollection", "entryset", null },
        { "collection", "incollection", "entrysubtype", null },
        { "collection", "incollection", "execute", null },
        { "collection", "incollection", "label", null },
        { "collection", "incollection", "options", null },
        { "collection", "incollection", "presort", null },
        { "misc", "misc", "related", null },
        { "misc", "misc", "relatedoptions", null },
        { "misc", "misc", "relatedstring", null },
        { "misc", "misc", "relatedtype", null },
        { "misc", "misc", "shorthand", null },
        { "misc", "misc", "shorthandintro", null },
        { "misc", "misc", "sortkey", null },
    };

    [Theory]
    [MemberData(nameof(DefaultRules))]
    public void A_child_with_none_of_the_field_gets_what_biber_gives_it(string parentType, string childType, string parentField, string? expected)
    {
        var child = new List<RawField> { new("note", "own") };

        BibTexInheritanceRules.Inherit(parentType, [new RawField(parentField, "from the parent")], childType, child);

        var inherited = child.Skip(1).Select(f => f.Name).ToList();
        if (expected is null)
        {
            inherited.ShouldBeEmpty();
        }
        else
        {
            inherited.ShouldContain(expected);
            child.Single(f => f.Name == expected).Value.ShouldBe("from the parent");
        }
    }

    [Fact]
    public void An_author_of_a_book_is_the_chapters_author_and_bookauthor()
    {
        var child = new List<RawField> { new("title", "Chapter") };

        BibTexInheritanceRules.Inherit("book", [new RawField("author", "Knuth, Donald")], "inbook", child);

        child.Select(f => f.Name).ShouldBe(["title", "author", "bookauthor"]);
    }

    public static TheoryData<string, string, bool> Aliases => new()
    {
        { "journal", "journaltitle", false },
        { "address", "location", false },
        { "school", "institution", false },
        { "annote", "annotation", false },
        { "year", "date", false },
        { "date", "year", false },
        { "year", "month", false },
        { "publisher", "location", true },
    };

    [Theory]
    [MemberData(nameof(Aliases))]
    public void A_field_the_child_has_under_another_name_is_not_inherited(string childField, string parentField, bool inherited)
    {
        var child = new List<RawField> { new(childField, "own") };

        BibTexInheritanceRules.Inherit("misc", [new RawField(parentField, "parent's")], "misc", child);

        child.Any(f => f.Name == parentField).ShouldBe(inherited);
    }

    [Fact]
    public void A_parents_year_and_month_both_come_to_a_child_without_a_date()
    {
        var child = new List<RawField> { new("title", "t") };

        BibTexInheritanceRules.Inherit("proceedings", [new("year", "2001"), new("month", "jan")], "inproceedings", child);

        child.Select(f => f.Name).ShouldBe(["title", "year", "month"]);
    }

    [Fact]
    public async Task A_child_gets_its_parents_booktitle_year_publisher_and_editor_when_the_parent_comes_after()
    {
        var records = await BibTex.ReadAsync("""
            @inproceedings{paper,
              author = {Doe, Jane},
              title = {A Paper},
              pages = {1--10},
              crossref = {proc},
            }
            @misc{between, title = {Between}}
            @proceedings{proc,
              title = {Proceedings of the Meeting},
              shorttitle = {Meeting},
              editor = {Roe, Richard},
              publisher = {ACM},
              year = 2019,
            }
            """);

        records.Select(r => r.Key).ShouldBe(["paper", "between", "proc"]);
        var paper = records[0].Reference!;
        paper.Get("container-title").ShouldBe("Proceedings of the Meeting");
        paper.Title.ShouldBe("A Paper");
        paper.Get("publisher").ShouldBe("ACM");
        paper.Year.ShouldBe(2019);
        paper.GetNames("editor").Single().Family.ShouldBe("Roe");
        paper.Get("title-short").ShouldBeNull();
        paper.Custom["crossref"].ShouldBe("proc");
        records[0].Diagnostics.ShouldBeEmpty();
        var proc = records[2].Reference!;
        proc.Title.ShouldBe("Proceedings of the Meeting");
        proc.Get("title-short").ShouldBe("Meeting");
    }

    [Fact]
    public async Task A_parent_before_its_child_is_inherited_from_as_well()
    {
        var records = await BibTex.ReadAsync("""
            @collection{coll, title = {The Collection}, publisher = {Greenwood}, date = 2000}
            @incollection{part, title = {A Part}, crossref = {COLL}}
            """);

        records.Select(r => r.Key).ShouldBe(["coll", "part"]);
        var part = records[1].Reference!;
        part.Get("container-title").ShouldBe("The Collection");
        part.Get("publisher").ShouldBe("Greenwood");
        part.Year.ShouldBe(2000);
    }

    [Fact]
    public async Task A_childs_own_fields_win_over_its_parents()
    {
        var records = await BibTex.ReadAsync("""
            @inproceedings{p, title = {T}, booktitle = {Own Booktitle}, year = 2005, month = sep, crossref = {c}}
            @proceedings{c, title = {Parent Title}, year = 2001, month = jan}
            """);

        var p = records[0].Reference!;
        p.Get("container-title").ShouldBe("Own Booktitle");
        p.Year.ShouldBe(2005);
        p.Custom.ShouldNotContainKey("booktitle");
    }

    [Fact]
    public async Task Xdata_fields_are_copied_as_they_are_from_a_list_and_from_nested_xdata()
    {
        var records = await BibTex.ReadAsync("""
            @xdata{pub, publisher = {Springer}, xdata = {place}}
            @xdata{place, location = {Berlin}, title = {not a title to take}}
            @book{b, title = {Own Title}, xdata = { pub , series }}
            @xdata{series, series = {Lecture Notes}}
            """);

        records.Select(r => r.Key).ShouldBe(["pub", "place", "b", "series"]);
        var book = records[2].Reference!;
        book.Get("publisher").ShouldBe("Springer");
        book.Get("publisher-place").ShouldBe("Berlin");
        book.Get("collection-title").ShouldBe("Lecture Notes");
        book.Title.ShouldBe("Own Title");
        records[2].Diagnostics.ShouldBeEmpty();
    }

    [Fact]
    public async Task Xdata_comes_before_crossref_as_biber_resolves_it()
    {
        var records = await BibTex.ReadAsync("""
            @inproceedings{p, title = {T}, xdata = {x}, crossref = {c}}
            @xdata{x, publisher = {From Xdata}}
            @proceedings{c, title = {Proc}, publisher = {From Crossref}}
            """);

        var p = records[0].Reference!;
        p.Get("publisher").ShouldBe("From Xdata");
        p.Get("container-title").ShouldBe("Proc");
    }

    [Fact]
    public async Task Nested_crossrefs_pass_what_the_parent_inherited()
    {
        var records = await BibTex.ReadAsync("""
            @inbook{chapter, title = {Chapter}, crossref = {volume}}
            @book{volume, title = {Volume Two}, crossref = {works}}
            @mvbook{works, title = {Collected Works}, author = {Kant, Immanuel}, publisher = {dtv}}
            """);

        var chapter = records[0].Reference!;
        chapter.Get("container-title").ShouldBe("Volume Two");
        chapter.Custom["maintitle"].ShouldBe("Collected Works");
        chapter.Authors.Single().Family.ShouldBe("Kant");
        chapter.GetNames("container-author").Single().Family.ShouldBe("Kant");
        chapter.Get("publisher").ShouldBe("dtv");
        records[1].Reference!.Custom["maintitle"].ShouldBe("Collected Works");
    }

    [Fact]
    public async Task A_missing_parent_is_a_warning_on_the_child_and_the_child_is_still_a_record()
    {
        var records = await BibTex.ReadAsync("""
            @inproceedings{p, title = {T}, crossref = {nowhere}, xdata = {gone}}
            @misc{m, title = {M}}
            """);

        records.Select(r => r.Key).ShouldBe(["p", "m"]);
        records[0].IsError.ShouldBeFalse();
        var messages = records[0].Diagnostics.Select(d => d.Message).ToList();
        messages.ShouldContain("The crossref 'nowhere' of 'p' is not in the file; nothing is inherited from it");
        messages.ShouldContain("The xdata 'gone' of 'p' is not in the file; nothing is inherited from it");
        records[0].Diagnostics.ShouldAllBe(d => d.Severity == DiagnosticSeverity.Warning && d.Line == 1 && d.Key == "p");
    }

    [Fact]
    public async Task A_cycle_is_a_warning_and_each_entry_keeps_what_it_could_inherit()
    {
        var records = await BibTex.ReadAsync("""
            @book{a, title = {A}, publisher = {PA}, crossref = {b}}
            @book{b, title = {B}, location = {LB}, crossref = {c}}
            @book{c, title = {C}, edition = {2}, crossref = {a}}
            @book{self, title = {Self}, xdata = {self}}
            """);

        records.Count.ShouldBe(4);
        var a = records[0];
        a.Reference!.Get("publisher-place").ShouldBe("LB");
        a.Reference.Get("edition").ShouldBe("2");
        a.Diagnostics.ShouldContain(d => d.Message.Contains("(a cycle)", StringComparison.Ordinal));
        records[1].Reference!.Get("publisher").ShouldBe("PA");
        records[3].Diagnostics.ShouldContain(d => d.Message.Contains("(a cycle)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_chain_deeper_than_the_limit_stops_with_a_warning_not_a_stack_overflow()
    {
        var depth = BibTexReader.MaxInheritanceDepth + 20;
        var text = new StringBuilder();
        for (var n = 0; n < depth; n++)
        {
            text.Append("@misc{e").Append(n).Append(", note = {n").Append(n).Append("}, crossref = {e").Append(n + 1).Append("}}\n");
        }

        text.Append("@misc{e").Append(depth).Append(", publisher = {Bottom}}\n");
        var records = await BibTex.ReadAsync(text.ToString());

        records.Count.ShouldBe(depth + 1);
        records[0].Diagnostics.ShouldContain(d => d.Message.Contains("BibTexReader.MaxInheritanceDepth", StringComparison.Ordinal));
        records[0].Reference!.Get("publisher").ShouldBeNull();
        records[depth - 1].Reference!.Get("publisher").ShouldBe("Bottom");
    }

    [Fact]
    public async Task Xdata_lists_that_fan_out_are_walked_once_per_parent_not_once_per_path()
    {
        // 40 levels of two entries, each listing both entries of the next level: 2^40 paths, 80 parents.
        var text = new StringBuilder();
        const int Levels = 40;
        for (var level = 0; level < Levels; level++)
        {
            foreach (var side in "ab")
            {
                text.Append("@xdata{").Append(side).Append(level).Append(", note").Append(side).Append(level).Append(" = {x}");
                if (level + 1 < Levels)
                {
                    text.Append(", xdata = {a").Append(level + 1).Append(",b").Append(level + 1).Append('}');
                }

                text.Append("}\n");
            }
        }

        text.Append("@misc{user, xdata = {a0,b0}}\n");
        var records = await BibTex.ReadAsync(text.ToString());

        records.Count.ShouldBe(2 * Levels + 1);
        var user = records[^1];
        user.Reference!.Custom.Keys.Count(k => k.StartsWith("note", StringComparison.Ordinal)).ShouldBeGreaterThan(2 * (BibTexReader.MaxInheritanceDepth - 2));
    }

    [Fact]
    public async Task Records_leave_in_file_order_with_failed_entries_in_their_place()
    {
        var records = await BibTex.ReadAsync("""
            @misc{first, title = {1}}
            @inproceedings{child, title = {2}, crossref = {parent}}
            @misc{broken, title = {3} junk}
            @misc{after, title = {4}}
            @proceedings{parent, title = {5}}
            """);

        records.Select(r => r.Line).ShouldBe([1, 2, 3, 4, 5]);
        records[2].IsError.ShouldBeTrue();
        records[1].Reference!.Get("container-title").ShouldBe("5");
    }

    [Fact]
    public async Task A_child_waiting_past_the_hold_limit_leaves_with_what_is_known_and_says_why()
    {
        var text = new StringBuilder("@inproceedings{child, title = {C}, crossref = {late}}\n");
        var filler = new string('x', 1 << 16);
        for (long held = 0; held <= BibTexReader.MaxHeldText; held += filler.Length)
        {
            text.Append("@misc{f").Append(held).Append(", note = {").Append(filler).Append("}}\n");
        }

        text.Append("@proceedings{late, title = {Late}}\n");
        var records = await BibTex.ReadAsync(text.ToString());

        records[0].Key.ShouldBe("child");
        records[0].Reference!.Get("container-title").ShouldBeNull();
        records[0].Diagnostics.ShouldContain(d => d.Message.Contains("BibTexReader.MaxHeldText", StringComparison.Ordinal));
        records[^1].Key.ShouldBe("late");
        records.Select(r => r.Line).ShouldBeInOrder();
    }

    [SharedDataFact]
    public async Task Biblatex_examples_westfahl_space_gets_its_collections_booktitle_editor_and_publisher()
    {
        await using var stream = File.OpenRead(SharedData.BibTex("biblatex-examples.bib"));
        var records = await BibTex.ReadAsync(stream);

        var space = records.Single(r => r.Key == "westfahl:space");
        space.Diagnostics.ShouldBeEmpty();
        var reference = space.Reference!;
        reference.Title.ShouldBe("The True Frontier");
        reference.Get("container-title").ShouldBe("Space and Beyond");
        reference.Custom["booksubtitle"].ShouldBe("The Frontier Theme in Science Fiction");
        reference.GetNames("editor").Single().Family.ShouldBe("Westfahl");
        reference.Get("publisher").ShouldBe("Greenwood");
        reference.Get("publisher-place").ShouldBe("Westport, Conn. and London");
        reference.Year.ShouldBe(2000);
        reference.Custom["indextitle"].ShouldBe("True Frontier, The");
        records.Single(r => r.Key == "westfahl:frontier").Reference!.Title.ShouldBe("Space and Beyond");
        records.Select(r => r.Line).ShouldBeInOrder();
    }
}

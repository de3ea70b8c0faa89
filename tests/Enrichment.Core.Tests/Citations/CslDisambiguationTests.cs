using Enrichment.Core.Citations;
using Enrichment.Core.Citations.Csl.Rendering;
using Enrichment.Core.Formats.CslJson;
using Enrichment.Core.Records;

namespace Enrichment.Core.Tests.Citations;

/// <summary>
/// Disambiguation (CSL 1.0.2, Disambiguation): given-name expansion, added names, year-suffixes. Styles and
/// items are written here; the expected text follows the specification's rules.
/// </summary>
public sealed class CslDisambiguationTests
{
    private static readonly CslLocale EnUs = CslLocale.Load(CslProcessorTests.Locale);

    private static string Style(string options, string layout) => $"""
        <style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
          <info><id>test</id><title>Test</title></info>
          <citation {options}><layout prefix="(" suffix=")" delimiter="; ">{layout}</layout></citation>
        </style>
        """;

    private const string ShortNames = """<names variable="author"><name form="short" initialize-with=". "/></names>""";

    private static Reference Item(string id, string family, string given) =>
        Read($$$"""{"id": "{{{id}}}", "type": "book", "title": "{{{id}}}", "author": [{"family": "{{{family}}}", "given": "{{{given}}}"}]}""");

    private static Reference Read(string json) => CslJsonConvert.Deserialize(json);

    private static string Cite(string options, string layout, params Reference[] items)
    {
        var processor = new CslProcessor(CslStyle.Load(Style(options, layout)), EnUs);
        return processor.RenderCitation([.. items.Select(i => new CitationItem(i))]);
    }

    public static TheoryData<string, string, string> GivenNameRules => new()
    {
        {
            // Spec, all-names: each ambiguous name is expanded until it is told apart: initials where they
            // differ (B. Doe), the full given name where the initials are shared too (John, Jane).
            "all-names", "(John Doe; Jane Doe; B. Doe)", "all-names"
        },
        {
            // Spec, all-names-with-initials: expansion stops at initials; names whose initials are shared
            // cannot be told apart and remain in their original form.
            "all-names-with-initials", "(Doe; Doe; B. Doe)", "all-names-with-initials"
        },
    };

    [Theory]
    [MemberData(nameof(GivenNameRules))]
    public void Each_ambiguous_name_is_expanded_only_as_far_as_it_takes(string rule, string expected, string behaviour)
    {
        var options = $"""disambiguate-add-givenname="true" givenname-disambiguation-rule="{rule}" """;
        Cite(options, ShortNames, Item("a", "Doe", "John"), Item("b", "Doe", "Jane"), Item("c", "Doe", "Bob"))
            .ShouldBe(expected, behaviour);
    }

    [Fact]
    public void Initials_written_with_different_spacing_are_one_given_name()
    {
        // Spec, disambiguate-add-givenname: only names that differ once initials or given names are shown are
        // ambiguous; "J. J." and "J.J." are the same initials, so neither is expanded.
        const string options = """disambiguate-add-givenname="true" givenname-disambiguation-rule="all-names" """;
        Cite(options, ShortNames, Item("a", "Doe", "J. J."), Item("b", "Doe", "J.J."), Item("c", "Roe", "Ann"))
            .ShouldBe("(Doe; Doe; Roe)");
    }

    [Fact]
    public void Cites_that_match_only_in_their_et_al_subsequent_form_are_ambiguous()
    {
        // Spec, Disambiguation: a cite is ambiguous when it matches multiple entries. With
        // et-al-subsequent-use-first="1" both later cites would read "Baur et al. 2000", so both take a
        // year-suffix, in the first cite too.
        const string options = """et-al-min="4" et-al-use-first="3" et-al-subsequent-min="1" et-al-subsequent-use-first="1" disambiguate-add-year-suffix="true" """;
        const string layout = """<group delimiter=" "><names variable="author"><name form="short"/></names><date variable="issued"><date-part name="year"/></date></group>""";
        var four = Read("""
            {"id": "a", "type": "book", "issued": {"date-parts": [[2000]]}, "author": [{"family": "Baur", "given": "B"},
             {"family": "Fröberg", "given": "L"}, {"family": "Baur", "given": "A"}, {"family": "Haase", "given": "M"}]}
            """);
        var three = Read("""
            {"id": "b", "type": "book", "issued": {"date-parts": [[2000]]}, "author": [{"family": "Baur", "given": "B"},
             {"family": "Schileyko", "given": "A"}, {"family": "Baur", "given": "A"}]}
            """);
        Cite(options, layout, four, three).ShouldBe("(Baur, Fröberg, Baur, et al. 2000a; Baur, Schileyko, Baur 2000b)");
    }

    [Fact]
    public void A_subsequent_short_form_that_matches_another_item_renders_its_disambiguate_branch()
    {
        // Spec, Disambiguation method 3: a cite ambiguous in its subsequent form ("Doe, supra") is rendered with
        // disambiguate="true"; the other subsequent cite ("Roe, supra") matches no other item and is not.
        const string layout = """
            <choose>
              <if position="first"><names variable="author"/><text variable="title" prefix=", "/></if>
              <else>
                <names variable="author"><name form="short"/></names>
                <choose><if disambiguate="true"><text variable="title" prefix=", "/></if></choose>
                <text value=", supra"/>
              </else>
            </choose>
            """;
        var processor = new CslProcessor(CslStyle.Load(Style("", layout)), EnUs);
        var a = Item("His Book", "Doe", "John");
        var b = Item("Other Book", "Doe", "John");
        var c = Item("Her Book", "Roe", "Jane");
        var session = new Session(processor.Engine, [a, b, c]);
        session.Prepare();
        List<(IReadOnlyList<Reference>, IReadOnlyList<CiteInfo>, int)> citations =
        [
            ([a, b, c], [new CiteInfo(), new CiteInfo(), new CiteInfo()], 1),
            ([a], [new CiteInfo()], 2),
            ([c], [new CiteInfo()], 3),
        ];
        session.AssignPositions(citations);
        citations.Select(x => session.RenderCitation(x.Item1, x.Item2, html: false)).ShouldBe(
        [
            "(John Doe, His Book; John Doe, Other Book; Jane Roe, Her Book)",
            "(Doe, His Book, supra)",
            "(Roe, supra)",
        ]);
    }

    [Fact]
    public void A_generated_citation_label_uses_the_family_name_without_its_particle()
    {
        // The label the engine makes when the item has none (first letters of the family names, then the
        // two-digit year) takes the family name proper: "von Dipheria" is "Diph", as "Dipheria" would be.
        var item = Read("""{"id": "d", "type": "book", "issued": {"date-parts": [[1926]]}, "author": [{"family": "von Dipheria", "given": "Doug"}]}""");
        Cite("", """<text variable="citation-label"/>""", item).ShouldBe("(Diph26)");
    }

    [Fact]
    public void Disambiguate_conditions_are_switched_on_only_as_far_as_a_cite_needs()
    {
        // Spec, Choose: content under disambiguate="true" is rendered only if it disambiguates otherwise
        // identical cites. The title tells the first two books apart; only the two "Works" need the edition.
        const string layout = """
            <group delimiter=", ">
              <names variable="author"/>
              <choose><if disambiguate="true"><text variable="title"/></if></choose>
              <choose><if disambiguate="true"><text variable="edition"/></if></choose>
            </group>
            """;
        Reference Book(string id, string title, int edition) => Read($$$"""
            {"id": "{{{id}}}", "type": "book", "title": "{{{title}}}", "edition": "{{{edition}}}", "author": [{"family": "Smith", "given": "John"}]}
            """);
        Cite("", layout, Book("a", "Book One", 3), Book("b", "Book Two", 4), Book("c", "Works", 5), Book("d", "Works", 6))
            .ShouldBe("(John Smith, Book One; John Smith, Book Two; John Smith, Works, 5; John Smith, Works, 6)");
    }
}

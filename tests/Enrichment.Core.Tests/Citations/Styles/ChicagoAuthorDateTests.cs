using Enrichment.Core.Citations;
using Enrichment.Core.Citations.Styles;
using Enrichment.Core.Formats.CslJson;
using Enrichment.Core.Records;

namespace Enrichment.Core.Tests.Citations.Styles;

/// <summary>
/// The built-in chicago-author-date follows the 18th edition of the Chicago Manual of Style (2024): what changed
/// from the 17th, with the expected text written from the manual's rules.
/// </summary>
public sealed class ChicagoAuthorDateTests
{
    private static readonly CslProcessor Chicago = Load();

    private static CslProcessor Load()
    {
        using var style = BuiltInStyleResources.OpenStyle("chicago-author-date");
        using var reader = new StreamReader(style);
        return new CslProcessor(CslStyle.Load(reader.ReadToEnd()));
    }

    private static Reference Book(int authors) => Read($$"""
        {"id": "b", "type": "book", "title": "A history of numbers", "publisher": "Apress", "publisher-place": "Berkeley, CA",
         "issued": {"date-parts": [[2011]]},
         "author": [{{string.Join(", ", Enumerable.Range(1, authors).Select(i => $$"""{"family": "Author{{(char)('A' + i - 1)}}", "given": "Ada"}"""))}}]}
        """);

    private static Reference Read(string json) => CslJsonConvert.Deserialize(json);

    [Theory]
    [InlineData(2, "(AuthorA and AuthorB 2011)")]
    [InlineData(3, "(AuthorA et al. 2011)")]
    public void A_citation_names_three_or_more_authors_by_the_first_and_et_al(int authors, string expected) =>
        Chicago.RenderCitation([new CitationItem(Book(authors))]).ShouldBe(expected);

    [Fact]
    public void An_undated_work_is_cited_with_a_comma_before_n_d()
    {
        var undated = Read("""{"id": "u", "type": "book", "title": "Notes", "author": [{"family": "Sittler", "given": "David"}]}""");
        Chicago.RenderCitation([new CitationItem(undated)]).ShouldBe("(Sittler, n.d.)");
    }

    [Fact]
    public void A_chapter_gives_its_book_and_publisher_without_place_or_page_range()
    {
        var chapter = Read("""
            {"id": "c", "type": "chapter", "title": "Using the tabs widget", "container-title": "Pro jQuery", "publisher": "Apress",
             "publisher-place": "Berkeley, CA", "page": "549-585", "issued": {"date-parts": [[2012]]}, "author": [{"family": "Freeman", "given": "Adam"}]}
            """);
        Chicago.RenderEntry(chapter).ShouldBe("Freeman, Adam. 2012. “Using the Tabs Widget.” In Pro jQuery. Apress.");
    }

    [Fact]
    public void The_reference_list_gives_six_authors_in_full()
    {
        Chicago.RenderEntry(Book(6)).ShouldBe(
            "AuthorA, Ada, Ada AuthorB, Ada AuthorC, Ada AuthorD, Ada AuthorE, and Ada AuthorF. 2011. A History of Numbers. Apress.");
    }

    [Fact]
    public void The_reference_list_gives_seven_or_more_authors_as_the_first_three_and_et_al() =>
        Chicago.RenderEntry(Book(7)).ShouldBe("AuthorA, Ada, Ada AuthorB, Ada AuthorC, et al. 2011. A History of Numbers. Apress.");

    [Fact]
    public void A_signed_reference_entry_is_in_its_work_and_dated_to_the_day()
    {
        var entry = Read("""
            {"id": "e", "type": "entry", "title": "Chemical ecology", "container-title": "Ecology", "publisher": "Oxford University Press",
             "issued": {"date-parts": [[2012, 5, 23]]}, "author": [{"family": "Kessler", "given": "André"}]}
            """);
        Chicago.RenderEntry(entry).ShouldBe("Kessler, André. 2012. “Chemical Ecology.” In Ecology. Oxford University Press, May 23.");
    }
}

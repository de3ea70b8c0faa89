namespace Enrichment.Cli.Tests.Serve;

/// <summary>Crossref-shaped answers written for these tests.</summary>
internal static class TestWorks
{
    public const string SeedDoi = "10.22054/tssq.2016.2451";

    /// <summary>
    /// The seed's work as Crossref might register it. The title's case differs from the seed's on purpose:
    /// a row showing this title proves the record went through Crossref.
    /// </summary>
    public const string SeedWork = """
        {
          "status": "ok",
          "message-type": "work",
          "message": {
            "DOI": "10.22054/tssq.2016.2451",
            "type": "journal-article",
            "title": ["Conflict of electronic democracy with electronic government"],
            "container-title": ["State Studies"],
            "publisher": "Allameh Tabataba'i University Press",
            "volume": "1",
            "issue": "3",
            "page": "1-32",
            "ISSN": ["2476-2806", "2476-6828"],
            "author": [{"given": "Mohsen", "family": "Khalili", "sequence": "first", "affiliation": []}],
            "issued": {"date-parts": [[2016, 1, 1]]},
            "URL": "https://doi.org/10.22054/tssq.2016.2451"
          }
        }
        """;

    /// <summary>A BibTeX file written for these tests: the seed's shape (no key, space after the type), a second entry, and a broken one.</summary>
    public const string SmallBibTex = """
        @article { author = {Khalili, Mohsen}, title = {Conflict of Electronic Democracy with Electronic Government},
          journal = {State Studies}, year = {2016}, doi = {10.22054/tssq.2016.2451}, title_fa = {کشاکشِ دولت الکترونیک} }

        @book{knuth1984, author = {Donald E. Knuth}, title = {The {\TeX}book}, publisher = {Addison-Wesley}, year = 1984}
        """;

    public const string ArxivId = "2101.00001";

    public const string ArxivPublishedDoi = "10.1103/physrevd.104.l011901";

    /// <summary>arXiv:2101.00001 as arXiv registers it at DataCite, naming its published version.</summary>
    public static readonly string ArxivPreprint = Enrichment.Testing.DataCiteAnswers.Arxiv(
        ArxivId, "Gravitational waves from nothing at all", "Noether", 2021, ArxivPublishedDoi);

    /// <summary>How many <see cref="Enrichment.Testing.GeneratedWorks"/> the serve fixture's fake Crossref knows.</summary>
    public const int GeneratedCount = 300;
}

using Enrichment.Core.Enrichment;
using Enrichment.Core.Tests.Formats.BibTex;

namespace Enrichment.Core.Tests.Enrichment;

public sealed class DuplicateKeyTests
{
    /// <summary>Two entries, and whether they are one work.</summary>
    public static TheoryData<string, string, string, bool> Pairs => new()
    {
        { "same DOI, written differently", "@article{a, doi = {10.1000/ABC}, title = {One}}", "@article{b, doi = {https://doi.org/10.1000/abc}, title = {Other}}", true },
        { "doi: prefix and %-escape", "@article{a, doi = {doi:10.1000/a(b)}}", "@article{b, doi = {10.1000/a%28b%29}}", true },
        { "different DOIs, same title", "@article{a, doi = {10.1000/1}, title = {T}, author = {X, Y}, year = 2000}", "@article{b, doi = {10.1000/2}, title = {T}, author = {X, Y}, year = 2000}", false },
        { "title case, braces and accents", "@article{a, title = {{DNA} Repair in M{\\\"u}ller's Cells}, author = {M{\\\"u}ller, Anna}, year = 2001}", "@article{b, title = {DNA repair in Muller's cells.}, author = {Anna Muller}, year = {2001}}", true },
        { "another year", "@article{a, title = {T}, author = {X, Y}, year = 2000}", "@article{b, title = {T}, author = {X, Y}, year = 2001}", false },
        { "another first author", "@article{a, title = {T}, author = {X, Y and Z, W}, year = 2000}", "@article{b, title = {T}, author = {Z, W and X, Y}, year = 2000}", false },
        { "one with a DOI, one without", "@article{a, title = {T}, author = {X, Y}, year = 2000, doi = {10.1000/1}}", "@article{b, title = {T}, author = {X, Y}, year = 2000}", false },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public async Task Records_are_one_work_by_DOI_or_else_by_title_year_and_first_author(string why, string first, string second, bool same)
    {
        var a = DuplicateKey.For(await BibTex.ReadOneAsync(first));
        var b = DuplicateKey.For(await BibTex.ReadOneAsync(second));

        a.ShouldNotBeNull(why);
        (a == b).ShouldBe(same, why);
    }

    [Theory]
    [InlineData("@article{a, author = {X, Y}, year = 2000}")]
    [InlineData("@article{a, title = {T}, year = 2000}")]
    [InlineData("@article{a, title = {T}, author = {X, Y}}")]
    public async Task A_record_without_a_DOI_and_without_title_year_or_author_has_no_key(string entry)
    {
        DuplicateKey.For(await BibTex.ReadOneAsync(entry)).ShouldBeNull();
    }
}

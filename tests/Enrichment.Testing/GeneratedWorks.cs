using System.Globalization;
using System.Text;

namespace Enrichment.Testing;

/// <summary>
/// Numbered works written for tests and benchmarks: Crossref-shaped answers for the fake Crossref, and BibTeX
/// files citing them, so an upload of any size can be enriched offline.
/// </summary>
public static class GeneratedWorks
{
    public static string Doi(int n) => $"10.5555/enrichment-test.{n}";

    /// <summary>The <c>/works/{doi}</c> answer for work <paramref name="n"/>.</summary>
    public static string Response(int n) =>
        "{\"status\":\"ok\",\"message-type\":\"work\",\"message\":{" +
        $"\"DOI\":\"{Doi(n)}\",\"type\":\"journal-article\",\"title\":[\"Generated work number {n}\"]," +
        $"\"container-title\":[\"Journal of Tests\"],\"volume\":\"{n % 40}\"," +
        $"\"author\":[{{\"given\":\"Ada\",\"family\":\"Tester{n}\",\"sequence\":\"first\"}}]," +
        $"\"issued\":{{\"date-parts\":[[{2000 + (n % 25)}]]}}}}}}";

    /// <summary>A BibTeX file with one entry per item of <paramref name="works"/> (a work may be cited more than once).</summary>
    public static string BibTex(IEnumerable<int> works)
    {
        var file = new StringBuilder();
        var key = 0;
        foreach (var n in works)
        {
            file.Append(CultureInfo.InvariantCulture,
                $"@article{{gen{key++}, author = {{Tester{n}, Ada}}, title = {{Generated work number {n}}}, journal = {{Journal of Tests}}, year = {2000 + (n % 25)}, doi = {{{Doi(n)}}}}}\n\n");
        }

        return file.ToString();
    }
}

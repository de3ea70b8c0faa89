using System.Text;
using Enrichment.Pipeline.Storage;

namespace Enrichment.Cli.Tests.Serve;

/// <summary>Files dropped straight into the uploads container (as Storage Explorer or azcopy would) are all read.</summary>
[Collection(ServeCollection.Name)]
public sealed class UploadPickupTests(ServeFixture serve)
{
    [Fact]
    public async Task A_burst_of_files_written_in_the_same_second_is_read_whole()
    {
        // Written while a scan may be listing: a Last-Modified high-water mark can pass over some of these.
        var batch = Guid.NewGuid().ToString("N")[..8];
        var writes = Enumerable.Range(0, 12).Select(async n =>
        {
            var name = $"burst-{batch}-{n:D2}.bib";
            var content = $"@article{{burst{n}, title = {{Burst entry {n}}}, year = {{2001}}}}\n";
            var response = await serve.Uploads.UploadBlobAsync(name, new BinaryData(Encoding.UTF8.GetBytes(content)));
            return UploadIds.For(name, response.Value.ETag.ToString());
        });
        var uploadIds = await Task.WhenAll(writes);

        foreach (var uploadId in uploadIds)
        {
            using var summary = await serve.WaitForUploadAsync(uploadId, "completed", TimeSpan.FromSeconds(60));

            summary.RootElement.GetProperty("total").GetInt32().ShouldBe(1);
        }
    }
}

using System.Text;
using Enrichment.Functions.Functions;
using Enrichment.Pipeline.Storage;
using Enrichment.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Enrichment.Cli.Tests.Serve;

/// <summary>
/// One route table, two hosts: each request goes to <c>enrich serve</c> over HTTP and to the Functions app's
/// adapter in-process (the same function methods the Functions host calls), over the same storage, and the two
/// answers must be the same status, content type and bytes.
/// </summary>
[Collection(ServeCollection.Name)]
public sealed class TwoHostsTests(ServeFixture serve)
{
    private const string Valid = "u0123456789abcdef0123";

    public static TheoryData<string, string, int> Requests() => new()
    {
        { "works/" + TestWorks.SeedDoi, "", 200 },
        { "works/" + TestWorks.SeedDoi, "?style=apa", 200 },
        { "works/" + TestWorks.SeedDoi, "?style=no-such-style", 400 },
        { "works/" + TestWorks.SeedDoi, "?style=http://127.0.0.1:9/x.csl", 400 },
        { "works/" + TestWorks.SeedDoi, "?style=/etc/passwd", 400 },
        { "works/" + TestWorks.SeedDoi, "?stlye=apa", 400 },
        { "works/" + TestWorks.SeedDoi, "?style=" + string.Join(',', Enumerable.Repeat("apa", 11)), 400 },
        { "works/not-a-doi", "", 400 },
        { "uploads/" + Valid, "", 404 },
        { "uploads/not-an-id", "", 400 },
        { "uploads/{upload}", "", 200 },
        { "uploads/{upload}", "?verbose=1", 400 },
        { "uploads/{upload}/records", "", 200 },
        { "uploads/{upload}/records", "?status=enriched&top=5", 200 },
        { "uploads/{upload}/records", "?year=abc", 400 },
        { "uploads/{upload}/records", "?top=-5", 400 },
        { "uploads/{upload}/records", "?top=5000", 400 },
        { "uploads/{upload}/records", "?status=bogus", 400 },
        { "uploads/{upload}/records", "?yaer=2016", 400 },
        { "uploads/{upload}/records", "?code=any-key", 200 },
        { "uploads/{upload}/records", "?retracted=false", 200 },
        { "uploads/{upload}/records", "?retracted=maybe", 400 },
        { "uploads/{upload}/export", "?format=bibtex", 200 },
        { "uploads/{upload}/export", "?format=text&style=apa", 200 },
        { "uploads/{upload}/export", "?format=pdf", 400 },
        { "uploads/{upload}/export", "?format=text&style=nope", 400 },
        { "uploads/{upload}/export", "?format=text&style=apa%22%3B%20filename%3Devil.exe", 400 },
        { "records", "?doi=" + TestWorks.SeedDoi, 200 },
        { "records", "?doi=nonsense", 400 },
        { "records", "?doi=" + UpdatedWorks.RetractedDoi + "&retracted=true", 200 },
        { "records", "?doi=" + TestWorks.SeedDoi + "&retracted=", 200 },
        { "records", "?doi=" + TestWorks.SeedDoi + "&top=0", 400 },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Both_hosts_answer_a_request_alike(string path, string query, int expectedStatus)
    {
        path = path.Replace("{upload}", await SeedUploadAsync(), StringComparison.Ordinal);

        using var viaServe = await serve.Http.GetAsync($"/api/{path}{query}");
        var serveBody = await viaServe.Content.ReadAsStringAsync();
        var (functionsStatus, functionsType, functionsBody) = await CallFunctionsAsync(path, query);

        ((int)viaServe.StatusCode).ShouldBe(expectedStatus, serveBody);
        functionsStatus.ShouldBe((int)viaServe.StatusCode, functionsBody);
        functionsType.ShouldBe(viaServe.Content.Headers.ContentType?.ToString());
        functionsBody.ShouldBe(serveBody);
        if (expectedStatus >= 400)
        {
            functionsType.ShouldStartWith("application/problem+json");
        }
    }

    /// <summary>One upload of the seed, read and finished, shared by the theory's cases.</summary>
    private async Task<string> SeedUploadAsync()
    {
        await Seed.WaitAsync();
        try
        {
            if (_seeded is null)
            {
                using var created = await serve.Http.PostAsync("/api/uploads?name=two-hosts.bib", new StringContent(TestWorks.SmallBibTex, Encoding.UTF8));
                var uploadId = System.Text.Json.JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("uploadId").GetString()!;
                var uploads = new UploadStore(new Azure.Data.Tables.TableServiceClient(serve.Azurite.ConnectionString));
                await ServeFixture.EventuallyAsync(async () => await uploads.GetAsync(uploadId) is { Status: UploadStatus.Completed } row ? row : null, "the seed upload to complete");
                _seeded = uploadId;
            }

            return _seeded;
        }
        finally
        {
            Seed.Release();
        }
    }

    private static readonly SemaphoreSlim Seed = new(1, 1);
    private static string? _seeded;

    /// <summary>Calls the Functions app's function for the path, as the Functions host would, and reads what it wrote.</summary>
    private async Task<(int Status, string? ContentType, string Body)> CallFunctionsAsync(string path, string query)
    {
        var api = ActivatorUtilities.CreateInstance<Api>(serve.Services);
        var context = new DefaultHttpContext { RequestServices = serve.Services };
        context.Request.Method = "GET";
        context.Request.QueryString = new QueryString(query.Length == 0 ? null : query);
        var body = new MemoryStream();
        context.Response.Body = body;

        var parts = path.Split('/', 2);
        var rest = parts.Length > 1 ? parts[1] : "";
        var segments = rest.Split('/');
        var none = CancellationToken.None;
        var result = (parts[0], segments) switch
        {
            ("works", _) => await api.GetWork(context.Request, Uri.UnescapeDataString(rest), none),
            ("records", _) => await api.FindRecords(context.Request, none),
            ("uploads", [var id]) => await api.GetUpload(context.Request, id, none),
            ("uploads", [var id, "records"]) => await api.ListUploadRecords(context.Request, id, none),
            ("uploads", [var id, "export"]) => await api.ExportUpload(context.Request, id, none),
            _ => throw new ArgumentException($"No function for {path}"),
        };
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        return (context.Response.StatusCode, context.Response.ContentType, Encoding.UTF8.GetString(body.ToArray()));
    }
}

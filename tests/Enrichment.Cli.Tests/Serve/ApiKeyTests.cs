using System.Net;
using Enrichment.Cli.Hosting;
using Microsoft.AspNetCore.Builder;

namespace Enrichment.Cli.Tests.Serve;

/// <summary>With <c>Enrichment__ApiKey</c> set, <c>enrich serve</c> asks every API call for it the way the Functions host does.</summary>
[Collection(ServeCollection.Name)]
public sealed class ApiKeyTests(ServeFixture serve) : IAsyncLifetime
{
    private const string Key = "a-long-test-key";
    private WebApplication? _app;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _app = LocalHost.Build("http://127.0.0.1:0", [
            new("AzureWebJobsStorage", serve.Azurite.ConnectionString),
            new("Crossref:BaseUrl", serve.Crossref.BaseUrl),
            new("Crossref:Mailto", "tests@example.org"),
            new("DataCite:BaseUrl", serve.DataCite.BaseUrl),
            new("DoiResolver:BaseUrl", serve.Resolver.BaseUrl),
            new("Enrichment:ApiKey", Key),
            new("Logging:LogLevel:Default", "Warning"),
        ]);
        await _app.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(_app.Urls.First()) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app!.StopAsync();
        await _app.DisposeAsync();
    }

    [Theory]
    [InlineData(null, null, HttpStatusCode.Unauthorized)]
    [InlineData("wrong", null, HttpStatusCode.Unauthorized)]
    [InlineData(Key, null, HttpStatusCode.NotFound)]
    [InlineData(null, Key, HttpStatusCode.NotFound)]
    public async Task Calls_without_the_key_are_refused_with_a_problem(string? header, string? code, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/uploads/u0123456789abcdef0123" + (code is null ? "" : $"?code={code}"));
        if (header is not null)
        {
            request.Headers.Add("x-functions-key", header);
        }

        using var response = await _http.SendAsync(request);

        response.StatusCode.ShouldBe(expected);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Theory]
    [InlineData("/", HttpStatusCode.OK)]
    [InlineData("/app.js", HttpStatusCode.OK)]
    [InlineData("/nothing-here", HttpStatusCode.NotFound)]
    [InlineData("/api", HttpStatusCode.Unauthorized)]
    [InlineData("/api/styles", HttpStatusCode.Unauthorized)]
    [InlineData("/API/styles", HttpStatusCode.Unauthorized)]
    public async Task The_page_needs_no_key_and_everything_under_api_does(string path, HttpStatusCode expected)
    {
        using var response = await _http.GetAsync(path);

        response.StatusCode.ShouldBe(expected);
        if (expected == HttpStatusCode.OK)
        {
            (await response.Content.ReadAsStringAsync()).ShouldNotContain(Key);
        }
    }
}

using System.Net;
using System.Text;
using System.Text.Json;
using Enrichment.Cli.Hosting;
using Enrichment.Pipeline.Storage;

namespace Enrichment.Cli.Tests.Serve;

/// <summary>What a caller controls (names, headers, routes) never reaches further than its own upload.</summary>
[Collection(ServeCollection.Name)]
public sealed class HostileRequestTests(ServeFixture serve)
{
    [Fact]
    public async Task An_upload_dropped_into_the_container_completes_with_nobody_asking()
    {
        var name = $"dropped-{Guid.NewGuid():N}.bib";
        var written = await serve.Uploads.UploadBlobAsync(name, new BinaryData(Encoding.UTF8.GetBytes(TestWorks.SmallBibTex)));
        var uploadId = UploadIds.For(name, written.Value.ETag.ToString());
        var uploads = new UploadStore(new Azure.Data.Tables.TableServiceClient(serve.Azurite.ConnectionString));

        // Only the table is read: no GET of the API happens, so nothing but the pipeline can complete it.
        var completed = await ServeFixture.EventuallyAsync(
            async () => await uploads.GetAsync(uploadId) is { Status: UploadStatus.Completed } row ? row : null, "the dropped upload to complete");

        completed.Completed.ShouldBe(2);
        completed.FinishedAt.ShouldNotBeNull();
        completed.Counts!.Values.Sum().ShouldBe(2);
    }

    [Fact]
    public async Task Two_uploads_of_one_name_both_complete_and_both_show_the_name()
    {
        var first = await serve.PostUploadAsync("same-name.bib", Encoding.UTF8.GetBytes(TestWorks.SmallBibTex));
        var second = await serve.PostUploadAsync("same-name.bib", "@book{other, title = {Another book}, year = 1999}\n"u8.ToArray());

        first.ShouldNotBe(second);
        using var one = await serve.WaitForUploadAsync(first, "completed");
        using var two = await serve.WaitForUploadAsync(second, "completed");
        one.RootElement.GetProperty("total").GetInt32().ShouldBe(2);
        two.RootElement.GetProperty("total").GetInt32().ShouldBe(1);
        one.RootElement.GetProperty("fileName").GetString().ShouldBe("same-name.bib");
        two.RootElement.GetProperty("fileName").GetString().ShouldBe("same-name.bib");
    }

    [Fact]
    public async Task The_status_link_never_comes_from_the_Host_header()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/uploads?name=host.bib") { Content = new StringContent(TestWorks.SmallBibTex) };
        request.Headers.Host = "evil.example";

        using var response = await serve.Http.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var location = response.Headers.Location!.ToString();
        location.ShouldStartWith("/api/uploads/u");
        location.ShouldNotContain("evil.example");
    }

    [Fact]
    public async Task An_export_of_a_non_ASCII_name_says_the_name_the_RFC_6266_way()
    {
        var uploadId = await serve.PostUploadAsync("Références \"ünï\".bib", Encoding.UTF8.GetBytes(TestWorks.SmallBibTex));
        using var done = await serve.WaitForUploadAsync(uploadId, "completed");

        using var export = await serve.Http.GetAsync($"/api/uploads/{uploadId}/export?format=bibtex");

        export.StatusCode.ShouldBe(HttpStatusCode.OK);
        var disposition = export.Content.Headers.GetValues("Content-Disposition").Single();
        disposition.ShouldBe("attachment; filename=\"R_f_rences _n_.bib\"; filename*=UTF-8''R%C3%A9f%C3%A9rences%20%C3%BCn%C3%AF.bib");
        (await export.Content.ReadAsStringAsync()).ShouldContain("@article");
    }

    [Theory]
    [InlineData("GET", "/api/no-such-route", 404)]
    [InlineData("DELETE", "/api/uploads", 405)]
    [InlineData("PUT", "/api/works/10.1000/x", 405)]
    [InlineData("GET", "/api/records?doi=10.1000/x&continuationToken=LONG", 414)]
    public async Task Every_error_status_has_a_problem_body(string method, string path, int status)
    {
        using var response = await serve.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path.Replace("LONG", new string('x', 10_000), StringComparison.Ordinal)));

        ((int)response.StatusCode).ShouldBe(status);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        problem.RootElement.GetProperty("status").GetInt32().ShouldBe(status);
        problem.RootElement.GetProperty("title").GetString().ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task A_body_over_the_size_limit_is_a_413_problem()
    {
        // Kestrel's default limit is 30,000,000 bytes; the body is announced, not sent, so the answer can be read
        // on a raw connection before the client would fail to write the rest (the server hangs up after answering).
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(serve.Http.BaseAddress!.Host, serve.Http.BaseAddress.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            "POST /api/uploads?name=huge.bib HTTP/1.1\r\nHost: localhost\r\nContent-Length: 30000001\r\n\r\n@misc{a,"));

        using var reader = new StreamReader(stream, Encoding.ASCII);
        var answer = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));

        answer.ShouldStartWith("HTTP/1.1 413");
        answer.ShouldContain("Content-Type: application/problem+json");
        answer.ShouldContain("\"status\": 413");
    }

    [Theory]
    [InlineData("http://0.0.0.0:7071")]
    [InlineData("http://*:7071")]
    [InlineData("http://+:7071")]
    [InlineData("http://192.0.2.10:7071")]
    [InlineData("http://127.0.0.1:7071;http://[::]:7071")]
    public void Serve_refuses_to_listen_beyond_this_machine_without_a_key(string urls)
    {
        var refused = Should.Throw<InvalidOperationException>(() => LocalHost.Build(urls, [new("AzureWebJobsStorage", serve.Azurite.ConnectionString), new("Crossref:Mailto", "t@example.org")]));

        refused.Message.ShouldContain("Enrichment__ApiKey");
    }

    [Theory]
    [InlineData("http://127.0.0.1:7071", null)]
    [InlineData("http://localhost:7071", null)]
    [InlineData("http://[::1]:7071", null)]
    [InlineData("http://0.0.0.0:7071", "http://0.0.0.0:7071")]
    public void Loopback_addresses_need_no_key(string urls, string? beyond) =>
        LocalHost.Listeners.FirstBeyondLoopback(urls).ShouldBe(beyond);
}

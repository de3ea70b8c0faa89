using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Enrichment.Cli.Hosting;
using Enrichment.Testing;
using Microsoft.AspNetCore.Builder;

namespace Enrichment.Cli.Tests.Serve;

/// <summary>
/// `enrich serve` as a user runs it: Azurite, the fake Crossref over HTTP, and the local host (WebJobs
/// triggers + minimal APIs) on a free port, started once for the collection.
/// </summary>
public class ServeFixture : IAsyncLifetime
{
    private WebApplication? _app;

    /// <summary>Settings a derived fixture adds or overrides.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [];

    public AzuriteFixture Azurite { get; } = new();

    public FakeCrossref Crossref { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    /// <summary>The running host's services: what the Functions app's adapter is handed in the two-host tests.</summary>
    public IServiceProvider Services => _app!.Services;

    public BlobContainerClient Uploads { get; private set; } = null!;

    public TableClient Records { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Azurite.InitializeAsync();
        Crossref = await FakeCrossref.StartAsync();
        Crossref.AddWork(TestWorks.SeedWork);
        foreach (var work in UpdatedWorks.All)
        {
            Crossref.AddWork(work);
        }

        for (var n = 0; n < TestWorks.GeneratedCount; n++)
        {
            Crossref.AddWork(GeneratedWorks.Response(n));
        }

        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = Azurite.ConnectionString,
            ["Crossref:BaseUrl"] = Crossref.BaseUrl,
            ["Crossref:Mailto"] = "tests@example.org",
            ["Enrichment:Styles"] = "apa",
            ["Crossref:RecordRetryDelay"] = "00:00:00.2",
            ["Logging:LogLevel:Default"] = Environment.GetEnvironmentVariable("ENRICHMENT_TEST_LOGLEVEL") ?? "Warning",
        };
        foreach (var (key, value) in ExtraSettings)
        {
            settings[key] = value;
        }

        _app = LocalHost.Build("http://127.0.0.1:0", settings);
        await _app.StartAsync();
        Http = new HttpClient { BaseAddress = new Uri(_app.Urls.First()) };
        Uploads = new BlobServiceClient(Azurite.ConnectionString).GetBlobContainerClient("uploads");
        Records = new TableServiceClient(Azurite.ConnectionString).GetTableClient("Records");
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (Crossref is not null)
        {
            await Crossref.DisposeAsync();
        }

        await Azurite.DisposeAsync();
    }

    /// <summary>Posts a file through the API as a user would and returns its upload id.</summary>
    public async Task<string> PostUploadAsync(string name, byte[] content)
    {
        using var body = new ByteArrayContent(content);
        using var response = await Http.PostAsync($"/api/uploads?name={Uri.EscapeDataString(name)}", body);
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Accepted);
        using var created = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return created.RootElement.GetProperty("uploadId").GetString()!;
    }

    /// <summary>
    /// Polls <c>GET /api/uploads/{id}</c> until the upload has <paramref name="status"/> (a 404 is an upload not
    /// read yet); returns its summary.
    /// </summary>
    public Task<System.Text.Json.JsonDocument> WaitForUploadAsync(string uploadId, string status, TimeSpan? timeout = null) => EventuallyAsync(async () =>
    {
        using var response = await Http.GetAsync($"/api/uploads/{uploadId}");
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }

        var document = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        if (document.RootElement.GetProperty("status").GetString() == status)
        {
            return document;
        }

        document.Dispose();
        return null;
    }, $"upload {uploadId} to be {status}", timeout);

    /// <summary>Waits until <paramref name="probe"/> returns a value, polling; fails with <paramref name="what"/> after the timeout.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? timeout = null)
        where T : class
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (DateTime.UtcNow < deadline)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"Timed out waiting for {what}");
    }
}

[CollectionDefinition(Name)]
public sealed class ServeCollection : ICollectionFixture<ServeFixture>
{
    public const string Name = "Serve";
}

using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Enrichment.Testing;

/// <summary>A fault the fake answers with instead of the work, once per scripted use.</summary>
public enum FakeFault
{
    TooManyRequests,
    ServiceUnavailable,
    Garbage,
    Truncated,
    Hang,
}

/// <summary>
/// A fake Crossref REST API served by Kestrel on 127.0.0.1 over real HTTP: <c>/works/{doi}</c> answers from
/// recorded-shape JSON, with latency and faults on demand, and counts the calls per DOI.
/// </summary>
public sealed class FakeCrossref : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, string> _works = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<FakeFault>> _faults = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.OrdinalIgnoreCase);
    private readonly WebApplication _app;

    private FakeCrossref(WebApplication app) => _app = app;

    /// <summary>The API root, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>Delay before every answer.</summary>
    public TimeSpan Latency { get; set; } = TimeSpan.Zero;

    /// <summary>Retry-After sent with 429 and 503, in seconds.</summary>
    public int RetryAfterSeconds { get; set; } = 1;

    public int TotalCalls => _calls.Values.Sum();

    public int CallsFor(string doi) => _calls.TryGetValue(doi, out var count) ? count : 0;

    public static async Task<FakeCrossref> StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeCrossref(app);
        app.MapGet("/works/{**doi}", (string doi, HttpContext context) => fake.AnswerWorkAsync(doi, context));
        await app.StartAsync(cancellationToken);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        fake.BaseUrl = addresses.Addresses.First().TrimEnd('/');
        return fake;
    }

    /// <summary>Serves a work: <paramref name="responseJson"/> is a whole <c>/works/{doi}</c> response.</summary>
    public void AddWork(string responseJson)
    {
        using var document = JsonDocument.Parse(responseJson);
        var doi = document.RootElement.GetProperty("message").GetProperty("DOI").GetString()!;
        _works[doi] = responseJson;
    }

    /// <summary>Serves every <c>*.json</c> response in a folder (such as ../shared/corpus/crossref-works).</summary>
    public int AddWorksFrom(string directory)
    {
        var count = 0;
        foreach (var file in Directory.EnumerateFiles(directory, "*.json"))
        {
            AddWork(File.ReadAllText(file));
            count++;
        }

        return count;
    }

    /// <summary>Answers the next requests for <paramref name="doi"/> with these faults, in order, then normally.</summary>
    public void Script(string doi, params FakeFault[] faults)
    {
        var queue = _faults.GetOrAdd(doi, _ => new ConcurrentQueue<FakeFault>());
        foreach (var fault in faults)
        {
            queue.Enqueue(fault);
        }
    }

    private async Task AnswerWorkAsync(string doi, HttpContext context)
    {
        doi = Uri.UnescapeDataString(doi);
        _calls.AddOrUpdate(doi, 1, (_, n) => n + 1);
        if (Latency > TimeSpan.Zero)
        {
            await Task.Delay(Latency, context.RequestAborted);
        }

        if (_faults.TryGetValue(doi, out var queue) && queue.TryDequeue(out var fault))
        {
            await AnswerFaultAsync(fault, context);
            return;
        }

        if (!_works.TryGetValue(doi, out var body))
        {
            context.Response.StatusCode = 404;
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync("Resource not found.", context.RequestAborted);
            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body, context.RequestAborted);
    }

    private async Task AnswerFaultAsync(FakeFault fault, HttpContext context)
    {
        switch (fault)
        {
            case FakeFault.TooManyRequests or FakeFault.ServiceUnavailable:
                context.Response.StatusCode = fault == FakeFault.TooManyRequests ? 429 : 503;
                context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await context.Response.WriteAsync("try later", context.RequestAborted);
                break;
            case FakeFault.Garbage:
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("<html>not json</html>", context.RequestAborted);
                break;
            case FakeFault.Truncated:
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("{\"status\":\"ok\",\"message\":{\"DOI\":", context.RequestAborted);
                break;
            case FakeFault.Hang:
                await Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted);
                break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

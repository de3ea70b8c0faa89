using Enrichment.Core.Citations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Enrichment.Core.Tests.Citations;

/// <summary>A style server on Kestrel at 127.0.0.1 over real HTTP: every request is counted, then answered by the test's handler.</summary>
internal sealed class StyleServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private StyleServer(WebApplication app) => _app = app;

    /// <summary>The root, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    public int Requests => Volatile.Read(ref _requests);

    public static async Task<StyleServer> StartAsync(Func<HttpContext, Task> handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new StyleServer(app);
        app.Run(context =>
        {
            Interlocked.Increment(ref server._requests);
            return handler(context);
        });
        await app.StartAsync();
        server.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return server;
    }

    /// <summary>A server that answers every request with this CSL.</summary>
    public static Task<StyleServer> ServingAsync(string csl) => StartAsync(context =>
    {
        context.Response.ContentType = "application/xml";
        return context.Response.WriteAsync(csl);
    });

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>A clock whose timers fire only when the test says so.</summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private readonly List<(TimerCallback Callback, object? State)> _timers = [];

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        lock (_timers)
        {
            _timers.Add((callback, state));
        }

        return new NoTimer();
    }

    /// <summary>Fires every timer made so far, as if each had come due.</summary>
    public void FireAll()
    {
        List<(TimerCallback Callback, object? State)> due;
        lock (_timers)
        {
            due = [.. _timers];
        }

        foreach (var (callback, state) in due)
        {
            callback(state);
        }
    }

    private sealed class NoTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => true;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

/// <summary>An in-memory styles container (the Pipeline's blob store is tested on Azurite); it records the names asked for.</summary>
internal sealed class MemoryStyleStore : IStyleStore
{
    private readonly Dictionary<string, string> _styles = new(StringComparer.Ordinal);

    public List<string> Asked { get; } = [];

    public MemoryStyleStore With(string name, string csl)
    {
        _styles[name] = csl;
        return this;
    }

    public ValueTask<byte[]?> TryGetAsync(string name, int maxBytes, CancellationToken cancellationToken = default)
    {
        lock (Asked)
        {
            Asked.Add(name);
        }

        return new ValueTask<byte[]?>(_styles.TryGetValue(name, out var csl) ? System.Text.Encoding.UTF8.GetBytes(csl) : null);
    }

    public IAsyncEnumerable<string> ListAsync(int max, CancellationToken cancellationToken = default) =>
        _styles.Keys.Order(StringComparer.Ordinal).Take(max).ToAsyncEnumerable();
}

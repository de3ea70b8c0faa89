using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Enrichment.Testing;

/// <summary>A fault the fake answers with instead of the work, once per scripted use.</summary>
public enum FakeFault
{
    /// <summary>429 with Retry-After.</summary>
    TooManyRequests,

    /// <summary>503 with Retry-After.</summary>
    ServiceUnavailable,

    /// <summary>200 with a body that is not JSON.</summary>
    Garbage,

    /// <summary>200 with a complete HTTP body holding cut-off JSON.</summary>
    Truncated,

    /// <summary>Never answers (until the client gives up).</summary>
    Hang,

    /// <summary>Answers normally after <see cref="FakeAgency.SlowDelay"/>.</summary>
    Slow,

    /// <summary>Promises a longer body than it sends, then drops the connection.</summary>
    CutOff,

    /// <summary>500 without Retry-After.</summary>
    InternalServerError,
}

/// <summary>
/// What every fake registration agency shares: Kestrel on 127.0.0.1 over real HTTP, works served by DOI, latency,
/// scripted faults (429 with Retry-After, 5xx, garbage, hangs...), rate and concurrency limits enforced with 429s
/// on demand, and counters of calls per DOI. <see cref="FakeCrossref"/>, <see cref="FakeDataCite"/> and
/// <see cref="FakeDoiResolver"/> say what their routes are and how their answers look.
/// </summary>
public abstract class FakeAgency : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<FakeFault>> _faults = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<string> _userAgents = new();
    private readonly ConcurrentQueue<string> _accepts = new();
    private readonly ConcurrentQueue<string> _queries = new();
    private readonly Queue<long> _arrivals = new();
    private readonly ConcurrentQueue<long> _allArrivals = new();
    private readonly ConcurrentQueue<string> _rejections = new();
    private readonly Lock _gate = new();
    private WebApplication? _app;
    private int _inFlight;
    private int _maxInFlight;
    private int _rejected;
    private int _otherCalls;
    private long _firstArrival = -1;
    private long _lastArrival = -1;

    /// <summary>The works served, by DOI: whole answers in the agency's shape.</summary>
    protected ConcurrentDictionary<string, string> Works { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The API root, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>
    /// The clock arrivals are stamped with, for the rate limit and <see cref="Arrivals"/>: a test that runs the client
    /// on a fake clock gives the fake the same one, so the limit is checked in the time the client paces by.
    /// </summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>Delay before every answer.</summary>
    public TimeSpan Latency { get; set; } = TimeSpan.Zero;

    /// <summary>Delay of a <see cref="FakeFault.Slow"/> answer.</summary>
    public TimeSpan SlowDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Retry-After sent with 429 and 503, in seconds.</summary>
    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>
    /// Requests allowed per <see cref="RateLimitInterval"/> (sliding window over arrivals); null for no limit.
    /// A request over it gets 429, as the agency does.
    /// </summary>
    public int? RateLimit { get; set; }

    public TimeSpan RateLimitInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Requests allowed in flight at once; null for no limit. One more gets 429.</summary>
    public int? ConcurrencyLimit { get; set; }

    /// <summary>Whether to send the agency's rate-limit headers (when a limit is set).</summary>
    public bool SendRateLimitHeaders { get; set; } = true;

    /// <summary>Every request, to any path, including rejected ones.</summary>
    public virtual int TotalCalls => _calls.Values.Sum() + _otherCalls;

    /// <summary>Requests for this DOI, including rejected ones.</summary>
    public int CallsFor(string doi) => _calls.TryGetValue(doi, out var count) ? count : 0;

    /// <summary>The distinct DOIs requested at least once.</summary>
    public IReadOnlyCollection<string> DoisCalled => [.. _calls.Keys];

    /// <summary>Requests to any other path (e.g. <c>/members</c>): a client should never make one.</summary>
    public int OtherCalls => _otherCalls;

    /// <summary>429s sent because a request broke the rate or concurrency limit (not scripted ones).</summary>
    public int RejectedByLimits => _rejected;

    /// <summary>Why and when each limit rejection happened.</summary>
    public IReadOnlyCollection<string> Rejections => _rejections;

    /// <summary>The most requests seen in flight at once.</summary>
    public int MaxConcurrent => _maxInFlight;

    /// <summary>Time between the first and the last request that arrived.</summary>
    public TimeSpan ActiveSpan => _firstArrival < 0 ? TimeSpan.Zero : Clock.GetElapsedTime(_firstArrival, _lastArrival);

    public IReadOnlyCollection<string> UserAgents => _userAgents;

    /// <summary>The Accept headers received, in order.</summary>
    public IReadOnlyCollection<string> Accepts => _accepts;

    /// <summary>Requests that have arrived, rejected ones included.</summary>
    public int ArrivalCount
    {
        get { lock (_gate) { return _allArrivals.Count; } }
    }

    /// <summary>When each request arrived, from the first one.</summary>
    public IReadOnlyList<TimeSpan> Arrivals => [.. _allArrivals.Select(t => Clock.GetElapsedTime(_firstArrival, t))];

    /// <summary>The query strings received, in order.</summary>
    public IReadOnlyCollection<string> QueryStrings => _queries;

    /// <summary>The DOIs served.</summary>
    public IReadOnlyCollection<string> Dois => [.. Works.Keys];

    /// <summary>Starts a fake on a free port of 127.0.0.1: <paramref name="map"/> maps its routes.</summary>
    protected static async Task<T> StartAsync<T>(T fake, Action<WebApplication, T> map, CancellationToken cancellationToken)
        where T : FakeAgency
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        fake._app = app;
        map(app, fake);
        app.MapFallback(fake.AnswerOtherAsync);
        await app.StartAsync(cancellationToken);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        fake.BaseUrl = addresses.Addresses.First().TrimEnd('/');
        return fake;
    }

    /// <summary>Answers the next requests for <paramref name="doi"/> with these faults, in order, then normally.</summary>
    public void Script(string doi, params FakeFault[] faults) => Enqueue(doi, faults);

    /// <summary>Forgets the counters (not the works, faults or limits).</summary>
    public virtual void ResetCounters()
    {
        _calls.Clear();
        _userAgents.Clear();
        _accepts.Clear();
        _queries.Clear();
        _allArrivals.Clear();
        _rejections.Clear();
        lock (_gate)
        {
            _arrivals.Clear();
        }

        _rejected = _otherCalls = _maxInFlight = 0;
        _firstArrival = _lastArrival = -1;
    }

    protected void Enqueue(string key, FakeFault[] faults)
    {
        var queue = _faults.GetOrAdd(key, _ => new ConcurrentQueue<FakeFault>());
        foreach (var fault in faults)
        {
            queue.Enqueue(fault);
        }
    }

    private async Task AnswerOtherAsync(HttpContext context)
    {
        Interlocked.Increment(ref _otherCalls);
        context.Response.StatusCode = 404;
        await context.Response.WriteAsync("Resource not found.", context.RequestAborted);
    }

    /// <summary>
    /// One request under the fake's rules: counted (under <paramref name="doi"/>, or not when null), limited,
    /// delayed, faulted as scripted under <paramref name="faultKey"/>; then <paramref name="answer"/> writes the answer.
    /// </summary>
    protected async Task AnswerAsync(string? doi, string faultKey, HttpContext context, Func<HttpContext, Task> answer)
    {
        if (doi is not null)
        {
            _calls.AddOrUpdate(doi, 1, (_, n) => n + 1);
        }

        _userAgents.Enqueue(context.Request.Headers.UserAgent.ToString());
        _accepts.Enqueue(context.Request.Headers.Accept.ToString());
        _queries.Enqueue(context.Request.QueryString.Value ?? "");
        var admitted = Admit();
        try
        {
            if (SendRateLimitHeaders)
            {
                AddLimitHeaders(context);
            }

            if (!admitted)
            {
                await AnswerFaultAsync(FakeFault.TooManyRequests, context);
                return;
            }

            if (Latency > TimeSpan.Zero)
            {
                await Task.Delay(Latency, context.RequestAborted);
            }

            if (_faults.TryGetValue(faultKey, out var queue) && queue.TryDequeue(out var fault))
            {
                if (fault != FakeFault.Slow)
                {
                    await AnswerFaultAsync(fault, context);
                    return;
                }

                await Task.Delay(SlowDelay, context.RequestAborted);
            }

            await answer(context);
        }
        finally
        {
            if (admitted)
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }
    }

    /// <summary>The agency's rate-limit headers, sent with every answer while a limit is set.</summary>
    protected abstract void AddLimitHeaders(HttpContext context);

    /// <summary>Applies the limits: true when the request may proceed (and is then counted in flight).</summary>
    private bool Admit()
    {
        lock (_gate)
        {
            // Read under the lock, so an arrival's time and its count in ArrivalCount are one step.
            var now = Clock.GetTimestamp();
            if (_firstArrival < 0)
            {
                _firstArrival = now;
            }

            _lastArrival = now;
            _allArrivals.Enqueue(now);
            if (RateLimit is { } limit)
            {
                while (_arrivals.Count > 0 && Clock.GetElapsedTime(_arrivals.Peek(), now) >= RateLimitInterval)
                {
                    _arrivals.Dequeue();
                }

                if (_arrivals.Count >= limit)
                {
                    _rejections.Enqueue($"rate at {Clock.GetElapsedTime(_firstArrival, now).TotalMilliseconds:0} ms: {_arrivals.Count} since {Clock.GetElapsedTime(_firstArrival, _arrivals.Peek()).TotalMilliseconds:0} ms ({string.Join(' ', _arrivals.Select(a => Clock.GetElapsedTime(_firstArrival, a).TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)))})");
                    _rejected++;
                    return false;
                }
            }

            if (ConcurrencyLimit is { } concurrency && _inFlight >= concurrency)
            {
                _rejections.Enqueue($"concurrency at {Clock.GetElapsedTime(_firstArrival, now).TotalMilliseconds:0} ms: {_inFlight} in flight");
                _rejected++;
                return false;
            }

            _arrivals.Enqueue(now);
            _inFlight++;
            _maxInFlight = Math.Max(_maxInFlight, _inFlight);
            return true;
        }
    }

    private async Task AnswerFaultAsync(FakeFault fault, HttpContext context)
    {
        switch (fault)
        {
            case FakeFault.TooManyRequests or FakeFault.ServiceUnavailable:
                context.Response.StatusCode = fault == FakeFault.TooManyRequests ? 429 : 503;
                context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                await context.Response.WriteAsync("try later", context.RequestAborted);
                break;
            case FakeFault.InternalServerError:
                context.Response.StatusCode = 500;
                await context.Response.WriteAsync("oops", context.RequestAborted);
                break;
            case FakeFault.Garbage:
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("<html>not json</html>", context.RequestAborted);
                break;
            case FakeFault.Truncated:
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("{\"status\":\"ok\",\"message\":{\"DOI\":", context.RequestAborted);
                break;
            case FakeFault.CutOff:
                context.Response.ContentType = "application/json";
                context.Response.ContentLength = 10_000;
                await context.Response.WriteAsync("{\"status\":\"ok\",\"message\":{", context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
                context.Abort();
                break;
            case FakeFault.Hang:
                await Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted);
                break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}

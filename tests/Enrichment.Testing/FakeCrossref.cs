using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
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

    /// <summary>Answers normally after <see cref="FakeCrossref.SlowDelay"/>.</summary>
    Slow,

    /// <summary>Promises a longer body than it sends, then drops the connection.</summary>
    CutOff,

    /// <summary>500 without Retry-After.</summary>
    InternalServerError,
}

/// <summary>
/// A fake Crossref REST API served by Kestrel on 127.0.0.1 over real HTTP: <c>/works/{doi}</c> answers from
/// recorded-shape JSON and <c>/works?query.bibliographic=...&amp;rows=N</c> searches those works, with
/// latency, faults, and Crossref's rate and concurrency limits enforced with 429s on demand. It counts
/// calls per DOI, searches and rejections.
/// </summary>
public sealed class FakeCrossref : IAsyncDisposable
{
    private const string SearchKey = "\u0000search";

    private readonly ConcurrentDictionary<string, string> _works = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<FakeFault>> _faults = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<string> _userAgents = new();
    private readonly ConcurrentQueue<string> _queries = new();
    private readonly Queue<long> _arrivals = new();
    private readonly ConcurrentQueue<long> _allArrivals = new();
    private readonly ConcurrentQueue<string> _rejections = new();
    private readonly Lock _gate = new();
    private readonly WebApplication _app;
    private int _inFlight;
    private int _maxInFlight;
    private int _rejected;
    private int _searchCalls;
    private int _otherCalls;
    private long _firstArrival = -1;
    private long _lastArrival = -1;

    private FakeCrossref(WebApplication app) => _app = app;

    /// <summary>The API root, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>Delay before every answer.</summary>
    public TimeSpan Latency { get; set; } = TimeSpan.Zero;

    /// <summary>Delay of a <see cref="FakeFault.Slow"/> answer.</summary>
    public TimeSpan SlowDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Retry-After sent with 429 and 503, in seconds.</summary>
    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>
    /// Requests allowed per <see cref="RateLimitInterval"/> (sliding window over arrivals); null for no limit.
    /// A request over it gets 429, as Crossref does.
    /// </summary>
    public int? RateLimit { get; set; }

    public TimeSpan RateLimitInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Requests allowed in flight at once; null for no limit. One more gets 429.</summary>
    public int? ConcurrencyLimit { get; set; }

    /// <summary>Whether to send <c>X-Rate-Limit-Limit</c>/<c>X-Rate-Limit-Interval</c> (when a limit is set).</summary>
    public bool SendRateLimitHeaders { get; set; } = true;

    /// <summary>Every request, to any path, including rejected ones.</summary>
    public int TotalCalls => _calls.Values.Sum() + _searchCalls + _otherCalls;

    /// <summary>Requests to <c>/works/{doi}</c> for this DOI, including rejected ones.</summary>
    public int CallsFor(string doi) => _calls.TryGetValue(doi, out var count) ? count : 0;

    /// <summary>The distinct DOIs requested at least once.</summary>
    public IReadOnlyCollection<string> DoisCalled => [.. _calls.Keys];

    /// <summary>Requests to <c>/works?query...</c>.</summary>
    public int SearchCalls => _searchCalls;

    /// <summary>Requests to any other path (e.g. <c>/members</c>): a client should never make one.</summary>
    public int OtherCalls => _otherCalls;

    /// <summary>429s sent because a request broke the rate or concurrency limit (not scripted ones).</summary>
    public int RejectedByLimits => _rejected;

    /// <summary>Why and when each limit rejection happened.</summary>
    public IReadOnlyCollection<string> Rejections => _rejections;

    /// <summary>The most requests seen in flight at once.</summary>
    public int MaxConcurrent => _maxInFlight;

    /// <summary>Time between the first and the last request that arrived.</summary>
    public TimeSpan ActiveSpan => _firstArrival < 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(_firstArrival, _lastArrival);

    public IReadOnlyCollection<string> UserAgents => _userAgents;

    /// <summary>When each request arrived, from the first one.</summary>
    public IReadOnlyList<TimeSpan> Arrivals => [.. _allArrivals.Select(t => Stopwatch.GetElapsedTime(_firstArrival, t))];

    /// <summary>The query strings received, in order.</summary>
    public IReadOnlyCollection<string> QueryStrings => _queries;

    public static async Task<FakeCrossref> StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeCrossref(app);
        app.MapGet("/works/{**doi}", (string doi, HttpContext context) => fake.AnswerAsync(Uri.UnescapeDataString(doi), context));
        app.MapGet("/works", (HttpContext context) => fake.AnswerAsync(null, context));
        app.MapFallback((HttpContext context) => fake.AnswerOtherAsync(context));
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

    /// <summary>Serves a copy of an existing work under another DOI (to make many distinct works).</summary>
    public void AddCopy(string existingDoi, string newDoi)
    {
        var node = JsonNode.Parse(_works[existingDoi])!;
        node["message"]!["DOI"] = newDoi;
        _works[newDoi] = node.ToJsonString();
    }

    /// <summary>
    /// Adds an entry to the served work's <c>updated-by</c>, as Crossref does when a notice about it is registered
    /// (or Retraction Watch reports one) after it was published.
    /// </summary>
    public void AddUpdate(string doi, string type, string noticeDoi, string source = "publisher", string? recordId = null)
    {
        var node = JsonNode.Parse(_works[doi])!;
        var message = node["message"]!.AsObject();
        if (message["updated-by"] is not JsonArray updates)
        {
            updates = [];
            message["updated-by"] = updates;
        }

        var update = new JsonObject
        {
            ["DOI"] = noticeDoi,
            ["type"] = type,
            ["label"] = CultureInfo.InvariantCulture.TextInfo.ToTitleCase(type.Replace('_', ' ')),
            ["source"] = source,
            ["updated"] = new JsonObject { ["date-parts"] = new JsonArray(new JsonArray(2024, 5, 6)) },
        };
        if (recordId is not null)
        {
            update["record-id"] = recordId;
        }

        updates.Add(update);
        _works[doi] = node.ToJsonString();
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

    /// <summary>The DOIs served.</summary>
    public IReadOnlyCollection<string> Dois => [.. _works.Keys];

    /// <summary>Answers the next requests for <paramref name="doi"/> with these faults, in order, then normally.</summary>
    public void Script(string doi, params FakeFault[] faults) => Enqueue(doi, faults);

    /// <summary>Answers the next searches with these faults, in order, then normally.</summary>
    public void ScriptSearch(params FakeFault[] faults) => Enqueue(SearchKey, faults);

    /// <summary>Forgets the counters (not the works, faults or limits).</summary>
    public void ResetCounters()
    {
        _calls.Clear();
        _userAgents.Clear();
        _queries.Clear();
        _allArrivals.Clear();
        _rejections.Clear();
        lock (_gate)
        {
            _arrivals.Clear();
        }

        _rejected = _searchCalls = _otherCalls = _maxInFlight = 0;
        _firstArrival = _lastArrival = -1;
    }

    private void Enqueue(string key, FakeFault[] faults)
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

    private async Task AnswerAsync(string? doi, HttpContext context)
    {
        if (doi is null)
        {
            Interlocked.Increment(ref _searchCalls);
        }
        else
        {
            _calls.AddOrUpdate(doi, 1, (_, n) => n + 1);
        }

        _userAgents.Enqueue(context.Request.Headers.UserAgent.ToString());
        _queries.Enqueue(context.Request.QueryString.Value ?? "");
        var admitted = Admit();
        try
        {
            AddLimitHeaders(context);
            if (!admitted)
            {
                await AnswerFaultAsync(FakeFault.TooManyRequests, context);
                return;
            }

            if (Latency > TimeSpan.Zero)
            {
                await Task.Delay(Latency, context.RequestAborted);
            }

            if (_faults.TryGetValue(doi ?? SearchKey, out var queue) && queue.TryDequeue(out var fault))
            {
                if (fault != FakeFault.Slow)
                {
                    await AnswerFaultAsync(fault, context);
                    return;
                }

                await Task.Delay(SlowDelay, context.RequestAborted);
            }

            if (doi is null)
            {
                await AnswerSearchAsync(context);
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
        finally
        {
            if (admitted)
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }
    }

    /// <summary>Applies the limits: true when the request may proceed (and is then counted in flight).</summary>
    private bool Admit()
    {
        var now = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            if (_firstArrival < 0)
            {
                _firstArrival = now;
            }

            _lastArrival = now;
            _allArrivals.Enqueue(now);
            if (RateLimit is { } limit)
            {
                while (_arrivals.Count > 0 && Stopwatch.GetElapsedTime(_arrivals.Peek(), now) >= RateLimitInterval)
                {
                    _arrivals.Dequeue();
                }

                if (_arrivals.Count >= limit)
                {
                    _rejections.Enqueue($"rate at {Stopwatch.GetElapsedTime(_firstArrival, now).TotalMilliseconds:0} ms: {_arrivals.Count} since {Stopwatch.GetElapsedTime(_firstArrival, _arrivals.Peek()).TotalMilliseconds:0} ms ({string.Join(' ', _arrivals.Select(a => Stopwatch.GetElapsedTime(_firstArrival, a).TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)))})");
                    _rejected++;
                    return false;
                }
            }

            if (ConcurrencyLimit is { } concurrency && _inFlight >= concurrency)
            {
                _rejections.Enqueue($"concurrency at {Stopwatch.GetElapsedTime(_firstArrival, now).TotalMilliseconds:0} ms: {_inFlight} in flight");
                _rejected++;
                return false;
            }

            _arrivals.Enqueue(now);
            _inFlight++;
            _maxInFlight = Math.Max(_maxInFlight, _inFlight);
            return true;
        }
    }

    private void AddLimitHeaders(HttpContext context)
    {
        if (SendRateLimitHeaders && RateLimit is { } limit)
        {
            context.Response.Headers["X-Rate-Limit-Limit"] = limit.ToString(CultureInfo.InvariantCulture);
            context.Response.Headers["X-Rate-Limit-Interval"] =
                ((int)RateLimitInterval.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s";
        }

        if (SendRateLimitHeaders && ConcurrencyLimit is { } concurrency)
        {
            context.Response.Headers["X-Concurrency-Limit"] = concurrency.ToString(CultureInfo.InvariantCulture);
        }
    }

    private async Task AnswerSearchAsync(HttpContext context)
    {
        var query = context.Request.Query["query.bibliographic"].ToString();
        var rows = int.TryParse(context.Request.Query["rows"], CultureInfo.InvariantCulture, out var n) ? Math.Clamp(n, 0, 1000) : 20;
        var queryTokens = Tokens(query);
        var scored = _works.Values
            .Select(body => JsonNode.Parse(body)!["message"]!)
            .Select(work => (Work: work, Score: Score(queryTokens, work)))
            .Where(x => x.Score > 0)
            .OrderByDescending(x => x.Score)
            .ThenBy(x => (string?)x.Work["DOI"], StringComparer.Ordinal)
            .ToList();
        var items = new JsonArray();
        foreach (var (work, score) in scored.Take(rows))
        {
            var copy = work.DeepClone();
            copy["score"] = Math.Round(score, 3);
            items.Add(copy);
        }

        var response = new JsonObject
        {
            ["status"] = "ok",
            ["message-type"] = "work-list",
            ["message-version"] = "1.0.0",
            ["message"] = new JsonObject
            {
                ["total-results"] = scored.Count,
                ["items-per-page"] = rows,
                ["items"] = items,
            },
        };
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(response.ToJsonString(), context.RequestAborted);
    }

    /// <summary>A crude relevance: how many query words the work's title, authors, year and container hold.</summary>
    private static double Score(HashSet<string> query, JsonNode work)
    {
        if (query.Count == 0)
        {
            return 0;
        }

        var text = new StringBuilder();
        foreach (var key in new[] { "title", "subtitle", "container-title" })
        {
            if (work[key] is JsonArray array)
            {
                text.AppendJoin(' ', array.Select(a => a?.ToString())).Append(' ');
            }
        }

        if (work["author"] is JsonArray authors)
        {
            text.AppendJoin(' ', authors.Select(a => a?["family"]?.ToString())).Append(' ');
        }

        if (work["issued"]?["date-parts"]?[0]?[0] is { } year)
        {
            text.Append(year.ToString());
        }

        // Words the query has weigh most; words the work has beyond them lower the score a little.
        var tokens = Tokens(text.ToString());
        var shared = query.Count(tokens.Contains);
        return (100.0 * shared / query.Count) + (10.0 * shared / Math.Max(1, tokens.Count));
    }

    private static HashSet<string> Tokens(string text) =>
        [.. text.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(t => new string([.. t.Where(char.IsLetterOrDigit)])).Where(t => t.Length > 1)];

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
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

using System.Collections.Immutable;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Flurl.Http;
using Flurl.Http.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

using Enrichment.Core.Budget;
using Enrichment.Core.Identifiers;

namespace Enrichment.Core.Crossref;

/// <summary>
/// The Crossref REST API over Flurl.Http: one client for the one target, in the polite pool (<c>mailto</c> in the
/// User-Agent and the query), with all resilience in one place: a limiter that keeps to Crossref's rate and
/// concurrency limits and follows its headers, retries with exponential backoff and jitter on 429, 5xx, timeouts
/// and broken connections (Retry-After honoured), and a circuit breaker that fails fast while Crossref is down.
/// Retry and circuit are Polly's (one <see cref="ResiliencePipeline{T}"/>); the limiter is hand-written (see there).
/// </summary>
public sealed partial class CrossrefClient : ICrossrefClient, IBudgetMember
{
    private readonly IFlurlClient _client;
    private readonly CrossrefOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private static readonly ResiliencePropertyKey<Call> CallKey = new("Enrichment.Crossref.Call");
    private readonly CircuitBreakerStateProvider _circuit = new();
    private readonly ResiliencePipeline<Attempt> _resilience;

    public CrossrefClient(
        IFlurlClientCache clients,
        IOptions<CrossrefOptions> options,
        TimeProvider? timeProvider = null,
        ILogger<CrossrefClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<CrossrefClient>.Instance;
        Limiter = new CrossrefRateLimiter(_options, _time);
        _resilience = BuildResilience();
        _client = clients.GetOrAdd($"{nameof(CrossrefClient)} {_options.BaseUrl}", _options.BaseUrl, builder => builder
            .WithHeader("User-Agent", $"{_options.UserAgentProduct}; mailto:{_options.Mailto})")
            .WithHeader("Accept", "application/json")
            .WithTimeout(_options.Timeout)
            .AllowAnyHttpStatus());
    }

    internal CrossrefRateLimiter Limiter { get; }

    public string BudgetName => "Crossref";

    /// <summary>Takes this instance's share of Crossref's limits (see docs/crossref.md, "Many instances").</summary>
    public void ApplyShare(BudgetShare share) => Limiter.SetShare(share);

    /// <summary>Takes each start's slot from the schedule every instance shares (see docs/crossref.md, "Many instances").</summary>
    public void UseSharedSlots(ISharedSlots slots) => Limiter.UseSharedSlots(slots, "crossref");

    /// <summary>True while the circuit fails calls fast (open, or isolated by hand).</summary>
    internal bool CircuitIsOpen => _circuit.CircuitState is CircuitState.Open or CircuitState.Isolated;

    public async Task<CrossrefWorkResult> GetWorkAsync(Doi doi, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(doi.Value))
        {
            // default(Doi) would request /works/, which is a list of every work.
            throw new ArgumentException("An empty DOI cannot be looked up", nameof(doi));
        }

        var body = await SendAsync(
            CrossrefPool.Works,
            () => _client.Request("works").AppendPathSegment(doi.EscapeForPath(), fullyEncode: false),
            doi.Value,
            cancellationToken).ConfigureAwait(false);
        return body is null
            ? CrossrefWorkResult.NotFound(doi)
            : new CrossrefWorkResult { Doi = doi, MessageJson = ExtractMessage(body, doi) };
    }

    public async Task<ImmutableArray<CrossrefSearchHit>> SearchAsync(
        string bibliographicQuery, int rows = 2, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(bibliographicQuery);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rows, 100);

        // A record's field may be megabytes long: Crossref needs its first few hundred characters, not a URL no
        // server accepts (whose failure would count against the circuit every caller shares).
        var query = CrossrefQuery.Cap(bibliographicQuery, _options.MaxQueryChars);
        var body = await SendAsync(
            CrossrefPool.Lists,
            () => _client.Request("works")
                .SetQueryParam("query.bibliographic", query)
                .SetQueryParam("rows", rows),
            "search " + CrossrefQuery.Describe(query),
            cancellationToken).ConfigureAwait(false);
        return body is null ? [] : ExtractItems(body);
    }

    /// <summary>
    /// One logical request: attempts until an answer (200 body, or null for 404), retrying what is transient.
    /// Throws <see cref="CrossrefUnavailableException"/> when the retries run out or the circuit is open, and
    /// <see cref="CrossrefRequestRejectedException"/> (without a call, or on Crossref's 400/414) when the request
    /// itself is the trouble. <paramref name="subject"/> names the request in logs and errors; it must be short.
    /// </summary>
    private async Task<string?> SendAsync(
        CrossrefPool pool, Func<IFlurlRequest> buildRequest, string subject, CancellationToken cancellationToken)
    {
        var length = buildRequest().SetQueryParam("mailto", _options.Mailto).Url.ToString().Length;
        if (length > _options.MaxRequestUriChars)
        {
            // The record's doing, not Crossref's: no call, no attempt against the circuit, no retry.
            throw new CrossrefRequestRejectedException(string.Create(CultureInfo.InvariantCulture,
                $"The Crossref request for {subject} would be {length} characters long (limit {_options.MaxRequestUriChars}); not sent"));
        }

        var call = new Call(pool, buildRequest, subject);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(CallKey, call);
        Attempt last;
        try
        {
            last = await _resilience.ExecuteAsync(
                static (context, state) => state.Client.AttemptAsync(state.Call, context.CancellationToken),
                context,
                (Client: this, Call: call)).ConfigureAwait(false);
        }
        catch (BrokenCircuitException ex)
        {
            var wait = ex.RetryAfter ?? _options.BreakDuration;
            throw new CrossrefUnavailableException(
                $"Crossref circuit is open after repeated failures; not calling it for {wait.TotalSeconds:0.#} s", wait, ex) { CircuitOpen = true };
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        if (last.Kind == AttemptKind.Answered)
        {
            return last.Body;
        }

        // Retries used up, or a Retry-After longer than RetryMaxDelay: the caller (a queue message) waits instead.
        LogGaveUp(_logger, subject, call.Attempts, last.Reason);
        throw new CrossrefUnavailableException(
            $"Crossref unavailable for {subject} after {call.Attempts} attempt(s): {last.Reason}",
            last.RetryAfter ?? (CircuitIsOpen ? _options.BreakDuration : _options.RetryDelayFor(call.Attempts, Random.Shared.NextDouble())));
    }

    /// <summary>
    /// Retry (outer) and circuit breaker (inner), from Polly. Retried: 429, 5xx, timeouts, broken connections,
    /// unless Crossref's Retry-After is longer than <see cref="CrossrefOptions.RetryMaxDelay"/>. Counted against the
    /// circuit: 5xx, timeouts and broken connections only; a 429 means "slower", and a refused request is the record's.
    /// </summary>
    private ResiliencePipeline<Attempt> BuildResilience()
    {
        var builder = new ResiliencePipelineBuilder<Attempt> { TimeProvider = _time };
        if (_options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<Attempt>
            {
                MaxRetryAttempts = _options.MaxRetries,
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Result is { Kind: not AttemptKind.Answered } attempt
                    && !(attempt.RetryAfter > _options.RetryMaxDelay)),
                DelayGenerator = args =>
                {
                    var delay = _options.RetryDelayFor(args.AttemptNumber + 1, Random.Shared.NextDouble());
                    return ValueTask.FromResult<TimeSpan?>(args.Outcome.Result?.RetryAfter is { } asked && asked > delay ? asked : delay);
                },
                OnRetry = args =>
                {
                    var subject = args.Context.Properties.TryGetValue(CallKey, out var call) ? call.Subject : "?";
                    LogRetry(_logger, subject, args.AttemptNumber + 1, args.Outcome.Result?.Reason ?? "?", (long)args.RetryDelay.TotalMilliseconds);
                    return default;
                },
            });
        }

        return builder
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<Attempt>
            {
                // Polly's breaker counts a ratio in a sliding window, not a run: "all of at least N attempts in the
                // window failed" is the nearest to N failures in a row (docs/crossref.md says so).
                FailureRatio = 1.0,
                MinimumThroughput = _options.BreakAfterConsecutiveFailures,
                SamplingDuration = _options.BreakSamplingDuration,
                BreakDuration = _options.BreakDuration,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result?.Kind == AttemptKind.Failed),
                StateProvider = _circuit,
            })
            .Build();
    }

    /// <summary>One attempt, inside the limiter: the answer, or why it failed. Throws only for what is not retried.</summary>
    private async ValueTask<Attempt> AttemptAsync(Call call, CancellationToken cancellationToken)
    {
        var attempt = ++call.Attempts;
        try
        {
            using (await Limiter.AcquireAsync(call.Pool, cancellationToken).ConfigureAwait(false))
            {
                var request = call.BuildRequest().SetQueryParam("mailto", _options.Mailto);
                using var response = await request.GetAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                // Limits first: the answer lets waiting requests go, and they must go at Crossref's figures.
                ObserveLimits(call.Pool, response);
                Limiter.MarkAnswered();
                var status = response.StatusCode;
                if (status is 200 or 404)
                {
                    var body = status == 200 ? await response.GetStringAsync().ConfigureAwait(false) : null;
                    return new Attempt(AttemptKind.Answered, body, null, "");
                }

                var retryAfter = RetryAfter(response.ResponseMessage.Headers.RetryAfter);
                if (status == 429)
                {
                    // Crossref is up but we are too fast: slow everyone down, not just this request.
                    Limiter.PauseFor(retryAfter ?? _options.RetryDelayFor(attempt, Random.Shared.NextDouble()));
                    Limiter.RateLimited();
                    return new Attempt(AttemptKind.RateLimited, null, retryAfter, "429 Too Many Requests");
                }

                if (status >= 500)
                {
                    return new Attempt(AttemptKind.Failed, null, retryAfter, $"{status} from Crossref");
                }

                if (status is 400 or 414)
                {
                    // Crossref is up; it refused this record's query. The record fails, the circuit is untouched.
                    throw new CrossrefRequestRejectedException($"Crossref refused the request for {call.Subject} with HTTP {status}");
                }

                throw new CrossrefResponseException($"Crossref refused the request for {call.Subject} with HTTP {status}");
            }
        }
        catch (FlurlHttpTimeoutException) when (!cancellationToken.IsCancellationRequested)
        {
            var reason = $"timed out after {_options.Timeout.TotalSeconds:0.#} s";
            LogTransient(_logger, call.Subject, attempt, reason, null);
            return new Attempt(AttemptKind.Failed, null, null, reason);
        }
        catch (Exception ex) when (IsBrokenConnection(ex) && !cancellationToken.IsCancellationRequested)
        {
            var reason = "connection failed: " + Innermost(ex);
            LogTransient(_logger, call.Subject, attempt, reason, null);
            return new Attempt(AttemptKind.Failed, null, null, reason);
        }
    }

    /// <summary>
    /// What went wrong, without the URL: Flurl's own messages end with the whole request URL, which a record can
    /// make megabytes long, so logs take the innermost cause instead, cut to 200 characters.
    /// </summary>
    private static string Innermost(Exception ex)
    {
        var inner = ex;
        while (inner.InnerException is not null)
        {
            inner = inner.InnerException;
        }

        var message = inner is FlurlHttpException ? inner.GetType().Name : inner.Message;
        return message.Length <= 200 ? message : message[..200] + "...";
    }

    private static bool IsBrokenConnection(Exception ex) => ex switch
    {
        FlurlParsingException => false,
        FlurlHttpException => true,
        HttpRequestException or IOException => true,
        _ => false,
    };

    private TimeSpan? RetryAfter(RetryConditionHeaderValue? header)
    {
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - _time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    private void ObserveLimits(CrossrefPool pool, IFlurlResponse response)
    {
        response.Headers.TryGetFirst("X-Rate-Limit-Limit", out var limit);
        response.Headers.TryGetFirst("X-Rate-Limit-Interval", out var interval);
        response.Headers.TryGetFirst("X-Concurrency-Limit", out var concurrency);
        if (limit is not null || concurrency is not null)
        {
            Limiter.Observe(pool, limit, interval, concurrency);
        }
    }

    internal static string ExtractMessage(string body, Doi doi)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("message", out var message)
                && message.ValueKind == JsonValueKind.Object)
            {
                return message.GetRawText();
            }
        }
        catch (JsonException ex)
        {
            throw new CrossrefResponseException(
                $"Crossref returned unreadable JSON for {doi} ({Describe(body)}): {ex.Message}", ex);
        }

        throw new CrossrefResponseException($"Crossref returned no work object for {doi} ({Describe(body)})");
    }

    internal static ImmutableArray<CrossrefSearchHit> ExtractItems(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("message", out var message)
                || message.ValueKind != JsonValueKind.Object
                || !message.TryGetProperty("items", out var items)
                || items.ValueKind != JsonValueKind.Array)
            {
                throw new CrossrefResponseException($"Crossref returned no list of works for a search ({Describe(body)})");
            }

            var hits = ImmutableArray.CreateBuilder<CrossrefSearchHit>();
            foreach (var item in items.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object
                    && item.TryGetProperty("DOI", out var doiText) && doiText.ValueKind == JsonValueKind.String
                    && Doi.TryParse(doiText.GetString(), out var doi))
                {
                    var score = item.TryGetProperty("score", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetDouble() : 0;
                    hits.Add(new CrossrefSearchHit(doi, score, item.GetRawText()));
                }
            }

            return hits.ToImmutable();
        }
        catch (JsonException ex)
        {
            throw new CrossrefResponseException($"Crossref returned unreadable JSON for a search ({Describe(body)}): {ex.Message}", ex);
        }
    }

    private static string Describe(string body) => body.Length switch
    {
        0 => "empty body",
        <= 60 => string.Create(CultureInfo.InvariantCulture, $"{body.Length} chars: \"{body}\""),
        _ => string.Create(CultureInfo.InvariantCulture, $"{body.Length} chars starting \"{body[..60]}\""),
    };

    private enum AttemptKind
    {
        /// <summary>200 or 404: an answer.</summary>
        Answered,

        /// <summary>429: retried, not counted against the circuit.</summary>
        RateLimited,

        /// <summary>5xx, timeout, broken connection: retried and counted against the circuit.</summary>
        Failed,
    }

    /// <summary>One attempt's outcome, as the retry and the circuit judge it.</summary>
    private sealed record Attempt(AttemptKind Kind, string? Body, TimeSpan? RetryAfter, string Reason);

    /// <summary>One logical request: what to send, what to call it in logs, how many attempts it took.</summary>
    private sealed class Call(CrossrefPool pool, Func<IFlurlRequest> buildRequest, string subject)
    {
        public CrossrefPool Pool { get; } = pool;

        public Func<IFlurlRequest> BuildRequest { get; } = buildRequest;

        public string Subject { get; } = subject;

        public int Attempts { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Crossref attempt {Attempt} for {Subject} failed: {Reason}")]
    private static partial void LogTransient(ILogger logger, string subject, int attempt, string reason, Exception? exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retrying Crossref for {Subject} after attempt {Attempt} ({Reason}) in {DelayMs} ms")]
    private static partial void LogRetry(ILogger logger, string subject, int attempt, string reason, long delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Giving up on Crossref for {Subject} after {Attempts} attempt(s): {Reason}")]
    private static partial void LogGaveUp(ILogger logger, string subject, int attempts, string reason);
}

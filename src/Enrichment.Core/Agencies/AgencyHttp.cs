using System.Globalization;
using System.Net.Http.Headers;
using Enrichment.Core.Crossref;
using Enrichment.Core.Identifiers;
using Flurl.Http;
using Flurl.Http.Configuration;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace Enrichment.Core.Agencies;

/// <summary>The rate figures an agency announced in one answer's headers (any may be missing).</summary>
internal readonly record struct AnnouncedLimits(string? Limit, string? Interval, string? Concurrency);

/// <summary>
/// One registration agency over HTTP, with all resilience in one place: the rate and concurrency limiter (one
/// instance per agency, which the agency's client owns), retries with exponential backoff and jitter on 429, 5xx,
/// timeouts and broken connections (Retry-After honoured), and a circuit breaker that fails fast while the agency
/// is down. Retry and circuit are Polly's (one <see cref="ResiliencePipeline{T}"/>). Crossref's, DataCite's and the
/// DOI resolver's clients each hold one; they differ only in what they ask and how they read the answer.
/// </summary>
internal sealed partial class AgencyHttp
{
    private static readonly ResiliencePropertyKey<Call> CallKey = new("Enrichment.Agency.Call");
    private readonly AgencyOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Func<IFlurlResponse, AnnouncedLimits> _readLimits;
    private readonly CircuitBreakerStateProvider _circuit = new();
    private readonly ResiliencePipeline<Attempt> _resilience;

    public AgencyHttp(
        IFlurlClientCache clients,
        string accept,
        AgencyOptions options,
        CrossrefRateLimiter limiter,
        TimeProvider time,
        ILogger logger,
        Func<IFlurlResponse, AnnouncedLimits> readLimits)
    {
        _options = options;
        _time = time;
        _logger = logger;
        _readLimits = readLimits;
        Limiter = limiter;
        _resilience = BuildResilience();
        Client = clients.GetOrAdd($"{options.AgencyName} {options.BaseUrl}", options.BaseUrl, builder => builder
            .WithHeader("User-Agent", options.UserAgent)
            .WithHeader("Accept", accept)
            .WithTimeout(options.Timeout)
            .AllowAnyHttpStatus());
    }

    public IFlurlClient Client { get; }

    public CrossrefRateLimiter Limiter { get; }

    private string Agency => _options.AgencyName;

    /// <summary>True while the circuit fails calls fast (open, or isolated by hand).</summary>
    public bool CircuitIsOpen => _circuit.CircuitState is CircuitState.Open or CircuitState.Isolated;

    /// <summary>
    /// One DOI at this agency: <paramref name="request"/> asks for it, <paramref name="read"/> takes the work out of a
    /// 200 answer (throwing <see cref="CrossrefResponseException"/> when it is not one); a 404 is a not-found result.
    /// </summary>
    public async Task<CrossrefWorkResult> GetWorkAsync(
        RegistrationAgency agency, Doi doi, Func<IFlurlRequest> request, Func<string, Doi, string> read, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(doi.Value))
        {
            // default(Doi) would ask for the root of a list (/works/, /dois/).
            throw new ArgumentException("An empty DOI cannot be looked up", nameof(doi));
        }

        var body = await SendAsync(CrossrefPool.Works, request, doi.Value, cancellationToken).ConfigureAwait(false);
        return new CrossrefWorkResult { Doi = doi, Agency = agency, MessageJson = body is null ? null : read(body, doi) };
    }

    /// <summary>
    /// One logical request: attempts until an answer (200 body, or null for 404), retrying what is transient.
    /// Throws <see cref="CrossrefUnavailableException"/> when the retries run out or the circuit is open, and
    /// <see cref="CrossrefRequestRejectedException"/> (without a call, or on the agency's 400/414) when the request
    /// itself is the trouble. <paramref name="subject"/> names the request in logs and errors; it must be short.
    /// </summary>
    public async Task<string?> SendAsync(
        CrossrefPool pool, Func<IFlurlRequest> buildRequest, string subject, CancellationToken cancellationToken)
    {
        var length = buildRequest().Url.ToString().Length;
        if (length > _options.MaxRequestUriChars)
        {
            // The record's doing, not the agency's: no call, no attempt against the circuit, no retry.
            throw new CrossrefRequestRejectedException(string.Create(CultureInfo.InvariantCulture,
                $"The {Agency} request for {subject} would be {length} characters long (limit {_options.MaxRequestUriChars}); not sent"));
        }

        var call = new Call(pool, buildRequest, subject);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(CallKey, call);
        Attempt last;
        try
        {
            last = await _resilience.ExecuteAsync(
                static (context, state) => state.Http.AttemptAsync(state.Call, context.CancellationToken),
                context,
                (Http: this, Call: call)).ConfigureAwait(false);
        }
        catch (BrokenCircuitException ex)
        {
            var wait = ex.RetryAfter ?? _options.BreakDuration;
            throw new CrossrefUnavailableException(
                $"{Agency} circuit is open after repeated failures; not calling it for {wait.TotalSeconds:0.#} s", wait, ex) { CircuitOpen = true };
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
        LogGaveUp(_logger, Agency, subject, call.Attempts, last.Reason);
        throw new CrossrefUnavailableException(
            $"{Agency} unavailable for {subject} after {call.Attempts} attempt(s): {last.Reason}",
            last.RetryAfter ?? (CircuitIsOpen ? _options.BreakDuration : _options.RetryDelayFor(call.Attempts, Random.Shared.NextDouble())));
    }

    /// <summary>
    /// Retry (outer) and circuit breaker (inner), from Polly. Retried: 429, 5xx, timeouts, broken connections,
    /// unless the agency's Retry-After is longer than <see cref="AgencyOptions.RetryMaxDelay"/>. Counted against the
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
                    LogRetry(_logger, Agency, subject, args.AttemptNumber + 1, args.Outcome.Result?.Reason ?? "?", (long)args.RetryDelay.TotalMilliseconds);
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
                using var response = await call.BuildRequest().GetAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                // Limits first: the answer lets waiting requests go, and they must go at the agency's figures.
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
                    // The agency is up but we are too fast: slow everyone down, not just this request.
                    Limiter.PauseFor(retryAfter ?? _options.RetryDelayFor(attempt, Random.Shared.NextDouble()));
                    Limiter.RateLimited();
                    return new Attempt(AttemptKind.RateLimited, null, retryAfter, "429 Too Many Requests");
                }

                if (status >= 500)
                {
                    return new Attempt(AttemptKind.Failed, null, retryAfter, $"{status} from {Agency}");
                }

                if (status is 400 or 414)
                {
                    // The agency is up; it refused this record's request. The record fails, the circuit is untouched.
                    throw new CrossrefRequestRejectedException($"{Agency} refused the request for {call.Subject} with HTTP {status}");
                }

                throw new CrossrefResponseException($"{Agency} refused the request for {call.Subject} with HTTP {status}");
            }
        }
        catch (FlurlHttpTimeoutException) when (!cancellationToken.IsCancellationRequested)
        {
            var reason = $"timed out after {_options.Timeout.TotalSeconds:0.#} s";
            LogTransient(_logger, Agency, call.Subject, attempt, reason, null);
            return new Attempt(AttemptKind.Failed, null, null, reason);
        }
        catch (Exception ex) when (IsBrokenConnection(ex) && !cancellationToken.IsCancellationRequested)
        {
            var reason = "connection failed: " + Innermost(ex);
            LogTransient(_logger, Agency, call.Subject, attempt, reason, null);
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
        var (limit, interval, concurrency) = _readLimits(response);
        if (limit is not null || concurrency is not null)
        {
            Limiter.Observe(pool, limit, interval, concurrency);
        }
    }

    /// <summary>A short description of a body for error messages.</summary>
    internal static string Describe(string body) => body.Length switch
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Agency} attempt {Attempt} for {Subject} failed: {Reason}")]
    private static partial void LogTransient(ILogger logger, string agency, string subject, int attempt, string reason, Exception? exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retrying {Agency} for {Subject} after attempt {Attempt} ({Reason}) in {DelayMs} ms")]
    private static partial void LogRetry(ILogger logger, string agency, string subject, int attempt, string reason, long delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Giving up on {Agency} for {Subject} after {Attempts} attempt(s): {Reason}")]
    private static partial void LogGaveUp(ILogger logger, string agency, string subject, int attempts, string reason);
}

using System.Collections.Immutable;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Flurl.Http;
using Flurl.Http.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

using Enrichment.Core.Identifiers;

namespace Enrichment.Core.Crossref;

/// <summary>
/// The Crossref REST API over Flurl.Http: one client for the one target, in the polite pool (<c>mailto</c> in the
/// User-Agent and the query), with all resilience in one place: a limiter that keeps to Crossref's rate and
/// concurrency limits and follows its headers, retries with exponential backoff and jitter on 429, 5xx, timeouts
/// and broken connections (Retry-After honoured), and a circuit breaker that fails fast while Crossref is down.
/// </summary>
public sealed partial class CrossrefClient : ICrossrefClient
{
    private readonly IFlurlClient _client;
    private readonly CrossrefOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

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
        Breaker = new CrossrefCircuitBreaker(_options.BreakAfterConsecutiveFailures, _options.BreakDuration, _time);
        _client = clients.GetOrAdd($"{nameof(CrossrefClient)} {_options.BaseUrl}", _options.BaseUrl, builder => builder
            .WithHeader("User-Agent", $"{_options.UserAgentProduct}; mailto:{_options.Mailto})")
            .WithHeader("Accept", "application/json")
            .WithTimeout(_options.Timeout)
            .AllowAnyHttpStatus());
    }

    internal CrossrefRateLimiter Limiter { get; }

    internal CrossrefCircuitBreaker Breaker { get; }

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

        for (var attempt = 0; ; attempt++)
        {
            var probe = Breaker.ThrowIfOpen();
            var outcomeRecorded = false;
            string reason;
            TimeSpan? retryAfter = null;
            try
            {
                using (await Limiter.AcquireAsync(pool, cancellationToken).ConfigureAwait(false))
                {
                    var request = buildRequest().SetQueryParam("mailto", _options.Mailto);
                    using var response = await request.GetAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                    // Limits first: the answer lets waiting requests go, and they must go at Crossref's figures.
                    ObserveLimits(pool, response);
                    Limiter.MarkAnswered();
                    var status = response.StatusCode;
                    if (status is 200 or 404)
                    {
                        var body = status == 200 ? await response.GetStringAsync().ConfigureAwait(false) : null;
                        Breaker.RecordSuccess();
                        outcomeRecorded = true;
                        return body;
                    }

                    retryAfter = RetryAfter(response.ResponseMessage.Headers.RetryAfter);
                    if (status == 429)
                    {
                        // Crossref is up but we are too fast: slow everyone down, not just this request.
                        Breaker.RecordSuccess();
                        outcomeRecorded = true;
                        Limiter.PauseFor(retryAfter ?? Backoff(attempt));
                        Limiter.RateLimited();
                        reason = "429 Too Many Requests";
                    }
                    else if (status >= 500)
                    {
                        Breaker.RecordFailure();
                        outcomeRecorded = true;
                        reason = $"{status} from Crossref";
                    }
                    else if (status is 400 or 414)
                    {
                        // Crossref is up; it refused this record's query. The record fails, the circuit is untouched.
                        Breaker.RecordSuccess();
                        outcomeRecorded = true;
                        throw new CrossrefRequestRejectedException($"Crossref refused the request for {subject} with HTTP {status}");
                    }
                    else
                    {
                        Breaker.RecordSuccess();
                        outcomeRecorded = true;
                        throw new CrossrefResponseException($"Crossref refused the request for {subject} with HTTP {status}");
                    }
                }
            }
            catch (FlurlHttpTimeoutException) when (!cancellationToken.IsCancellationRequested)
            {
                Breaker.RecordFailure();
                outcomeRecorded = true;
                reason = $"timed out after {_options.Timeout.TotalSeconds:0.#} s";
                LogTransient(_logger, subject, attempt + 1, reason, null);
            }
            catch (Exception ex) when (IsBrokenConnection(ex) && !cancellationToken.IsCancellationRequested)
            {
                Breaker.RecordFailure();
                outcomeRecorded = true;
                reason = "connection failed: " + Innermost(ex);
                LogTransient(_logger, subject, attempt + 1, reason, null);
            }
            finally
            {
                if (probe && !outcomeRecorded)
                {
                    Breaker.AbandonProbe();
                }
            }

            var delay = Backoff(attempt);
            if (retryAfter is { } asked && asked > delay)
            {
                delay = asked;
            }

            if (attempt >= _options.MaxRetries || delay > _options.RetryMaxDelay)
            {
                LogGaveUp(_logger, subject, attempt + 1, reason);
                throw new CrossrefUnavailableException(
                    $"Crossref unavailable for {subject} after {attempt + 1} attempt(s): {reason}",
                    retryAfter ?? (Breaker.IsOpen ? _options.BreakDuration : delay));
            }

            LogRetry(_logger, subject, attempt + 1, reason, (long)delay.TotalMilliseconds);
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
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

    /// <summary>Exponential backoff with equal jitter: half the step fixed, half random, capped.</summary>
    private TimeSpan Backoff(int attempt) => _options.RetryDelayFor(attempt + 1, Random.Shared.NextDouble());

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Crossref attempt {Attempt} for {Subject} failed: {Reason}")]
    private static partial void LogTransient(ILogger logger, string subject, int attempt, string reason, Exception? exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retrying Crossref for {Subject} after attempt {Attempt} ({Reason}) in {DelayMs} ms")]
    private static partial void LogRetry(ILogger logger, string subject, int attempt, string reason, long delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Giving up on Crossref for {Subject} after {Attempts} attempt(s): {Reason}")]
    private static partial void LogGaveUp(ILogger logger, string subject, int attempts, string reason);
}

using System.Collections.Concurrent;
using Enrichment.Core.Crossref;
using Flurl.Http.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Enrichment.Core.Tests.Crossref;

/// <summary>The system clock, moved forward on demand: waits stay real, "now" can jump past a break.</summary>
internal sealed class ShiftableTimeProvider : TimeProvider
{
    private TimeSpan _offset;

    public void Advance(TimeSpan by) => _offset += by;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + _offset;
}

internal static class CrossrefTestSupport
{
    public static string Work(string doi, string title = "A study of things", string family = "Smith", int year = 2016) => $$$"""
        {"status":"ok","message-type":"work","message-version":"1.0.0","message":{
          "DOI":"{{{doi}}}","type":"journal-article","title":["{{{title}}}"],
          "author":[{"given":"Jane","family":"{{{family}}}","sequence":"first","affiliation":[]}],
          "container-title":["Journal of Tests"],"issued":{"date-parts":[[{{{year}}},3,1]]},"volume":"7","page":"1-10"}}
        """;

    /// <summary>Options for fast tests: short delays, generous limits unless a test narrows them.</summary>
    public static CrossrefOptions FastOptions(string baseUrl) => new()
    {
        BaseUrl = baseUrl,
        Mailto = "tests@example.org",
        Timeout = TimeSpan.FromSeconds(5),
        RequestsPerSecond = 500,
        SearchRequestsPerSecond = 500,
        MaxConcurrentRequests = 20,
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        RetryMaxDelay = TimeSpan.FromSeconds(3),
        MaxRetries = 3,
        BreakAfterConsecutiveFailures = 50,
    };

    public static CrossrefClient Client(CrossrefOptions options, TimeProvider? time = null, ILogger<CrossrefClient>? logger = null) =>
        new(new FlurlClientCache(), Options.Create(options), time, logger);
}

/// <summary>Keeps every log line as it would be written: the formatted message and, if any, the exception.</summary>
internal sealed class CapturingLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _lines.Enqueue(exception is null ? formatter(state, exception) : formatter(state, exception) + Environment.NewLine + exception);
}

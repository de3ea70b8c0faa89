using System.Text.Json;

namespace Enrichment.Core.Crossref;

/// <summary>What Crossref said about one DOI. A DOI Crossref does not know is an answer, not an error.</summary>
public sealed record CrossrefWorkResult
{
    public required Doi.Doi Doi { get; init; }

    /// <summary>The <c>message</c> object of <c>/works/{doi}</c> as raw JSON, or null when not found.</summary>
    public string? MessageJson { get; init; }

    public bool Found => MessageJson is not null;

    public static CrossrefWorkResult NotFound(Doi.Doi doi) => new() { Doi = doi };

    public JsonElement ParseMessage()
    {
        using var document = JsonDocument.Parse(MessageJson ?? throw new InvalidOperationException($"No work for {Doi}"));
        return document.RootElement.Clone();
    }
}

/// <summary>Crossref could not answer now (down, rate-limited, timing out): try again later.</summary>
public sealed class CrossrefUnavailableException(string message, TimeSpan? retryAfter = null, Exception? inner = null)
    : Exception(message, inner)
{
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>Crossref answered with something that is not a work (garbage, truncated JSON, wrong shape).</summary>
public sealed class CrossrefResponseException(string message, Exception? inner = null) : Exception(message, inner);

public interface ICrossrefClient
{
    /// <summary>
    /// <c>GET /works/{doi}</c>. Returns a not-found result for 404; throws <see cref="CrossrefUnavailableException"/>
    /// when Crossref cannot be reached and <see cref="CrossrefResponseException"/> when its answer is unreadable.
    /// </summary>
    Task<CrossrefWorkResult> GetWorkAsync(Doi.Doi doi, CancellationToken cancellationToken = default);
}

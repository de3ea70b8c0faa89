using System.Collections.Immutable;
using System.Text.Json;

using Enrichment.Core.Agencies;
using Enrichment.Core.Identifiers;

namespace Enrichment.Core.Crossref;

/// <summary>
/// What a registration agency said about one DOI (Crossref unless <see cref="Agency"/> says otherwise). A DOI the
/// agencies do not know is an answer, not an error.
/// </summary>
public sealed record CrossrefWorkResult
{
    public required Doi Doi { get; init; }

    /// <summary>
    /// The work as raw JSON, in the answering agency's shape: Crossref's <c>message</c> object of
    /// <c>/works/{doi}</c>, DataCite's <c>data.attributes</c> of <c>/dois/{doi}</c>, or the DOI resolver's CSL-JSON
    /// item; null when not found.
    /// </summary>
    public string? MessageJson { get; init; }

    /// <summary>Which agency answered (for a DOI not found: the last one asked).</summary>
    public RegistrationAgency Agency { get; init; } = RegistrationAgency.Crossref;

    public bool Found => MessageJson is not null;

    public static CrossrefWorkResult NotFound(Doi doi) => new() { Doi = doi };

    public JsonElement ParseMessage()
    {
        using var document = JsonDocument.Parse(MessageJson ?? throw new InvalidOperationException($"No work for {Doi}"));
        return document.RootElement.Clone();
    }
}

/// <summary>One item of a <c>query.bibliographic</c> search: the work and Crossref's relevance score.</summary>
public sealed record CrossrefSearchHit(Doi Doi, double Score, string MessageJson)
{
    public JsonElement ParseMessage()
    {
        using var document = JsonDocument.Parse(MessageJson);
        return document.RootElement.Clone();
    }
}

/// <summary>Crossref could not answer now (down, rate-limited, timing out): try again later.</summary>
public sealed class CrossrefUnavailableException(string message, TimeSpan? retryAfter = null, Exception? inner = null)
    : Exception(message, inner)
{
    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>True when no call was made because the circuit is open: the caller waited, it did not try.</summary>
    public bool CircuitOpen { get; init; }
}

/// <summary>
/// Crossref answered with something that is not a work (garbage, truncated JSON, wrong shape), or refused the
/// request. Either way it is the record's error, not Crossref being down: the record fails, nothing waits.
/// </summary>
public class CrossrefResponseException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The request could not be sent because of the record itself: its URL would be longer than
/// <see cref="AgencyOptions.MaxRequestUriChars"/>, or Crossref refused that query (400, 414). It is that
/// record's failure; it never counts against the circuit and is never retried.
/// </summary>
public sealed class CrossrefRequestRejectedException(string message, Exception? inner = null) : CrossrefResponseException(message, inner);

public interface ICrossrefClient
{
    /// <summary>
    /// <c>GET /works/{doi}</c>. Returns a not-found result for 404; throws <see cref="CrossrefUnavailableException"/>
    /// when Crossref cannot be reached and <see cref="CrossrefResponseException"/> when its answer is unreadable.
    /// </summary>
    Task<CrossrefWorkResult> GetWorkAsync(Doi doi, CancellationToken cancellationToken = default);

    /// <summary>
    /// <c>GET /works?query.bibliographic=...&amp;rows=N</c>: the best <paramref name="rows"/> candidates, best first.
    /// The query is cut to <see cref="CrossrefOptions.MaxQueryChars"/> at a word boundary. Same failure contract as
    /// <see cref="GetWorkAsync"/>, plus <see cref="CrossrefRequestRejectedException"/> (a
    /// <see cref="CrossrefResponseException"/>: the record's failure) when the request cannot be sent or Crossref
    /// refuses it with 400 or 414; items without a readable DOI are skipped.
    /// </summary>
    Task<ImmutableArray<CrossrefSearchHit>> SearchAsync(string bibliographicQuery, int rows = 2, CancellationToken cancellationToken = default);
}

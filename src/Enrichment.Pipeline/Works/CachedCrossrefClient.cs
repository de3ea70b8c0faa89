using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.IO.Compression;
using System.Text;
using Azure.Data.Tables;
using Enrichment.Core.Agencies;
using Enrichment.Core.Crossref;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Enrichment.Core.Identifiers;

namespace Enrichment.Pipeline.Works;

/// <summary>
/// <see cref="ICrossrefClient"/> in front of the agencies (<see cref="AgencyRouter"/>), with the <c>Works</c> table as a
/// cache: one row per DOI holding the answer (the work's JSON, gzipped, or "not found"), which agency gave it, and
/// when it was fetched. A fresh row is
/// answered without calling Crossref; a 404 is remembered for <see cref="WorksCacheOptions.NotFoundTtl"/>; and
/// concurrent requests for one DOI in this process share one call (single flight). Searches pass through.
/// </summary>
public sealed partial class CachedCrossrefClient : ICrossrefClient
{
    /// <summary>Binary properties hold at most 64 KiB; an entity at most 1 MiB.</summary>
    private const int ChunkBytes = 60_000;
    private const int MaxChunks = 15;

    private readonly ICrossrefClient _inner;
    private readonly TableClient _table;
    private readonly TimeProvider _time;
    private readonly WorksCacheOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<Doi, Lazy<Task<CrossrefWorkResult>>> _inFlight = new();
    private readonly Lazy<Task> _tableReady;

    public CachedCrossrefClient(
        ICrossrefClient inner,
        TableClient table,
        TimeProvider timeProvider,
        IOptions<WorksCacheOptions> options,
        ILogger<CachedCrossrefClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _inner = inner;
        _table = table;
        _time = timeProvider;
        _options = options.Value;
        _logger = logger ?? NullLogger<CachedCrossrefClient>.Instance;
        _tableReady = new Lazy<Task>(() => _table.CreateIfNotExistsAsync());
    }

    public async Task<CrossrefWorkResult> GetWorkAsync(Doi doi, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(doi.Value))
        {
            throw new ArgumentException("An empty DOI cannot be looked up", nameof(doi));
        }

        // One fetch per DOI at a time, whoever asks: it runs to completion even if one caller gives up.
        // Only the stored Lazy ever runs, and FetchAsync removes it when done.
        var flight = _inFlight.GetOrAdd(doi, d => new Lazy<Task<CrossrefWorkResult>>(() => FetchAsync(d)));
        return await flight.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task<ImmutableArray<CrossrefSearchHit>> SearchAsync(string bibliographicQuery, int rows = 2, CancellationToken cancellationToken = default) =>
        _inner.SearchAsync(bibliographicQuery, rows, cancellationToken);

    private async Task<CrossrefWorkResult> FetchAsync(Doi doi)
    {
        try
        {
            await _tableReady.Value.ConfigureAwait(false);
            var (partition, row) = WorkKeys.For(doi);
            var cached = await ReadAsync(doi, partition, row).ConfigureAwait(false);
            if (cached is { Fresh: true })
            {
                return cached.Result;
            }

            CrossrefWorkResult result;
            try
            {
                result = await _inner.GetWorkAsync(doi).ConfigureAwait(false);
            }
            catch (CrossrefUnavailableException ex) when (_options.ServeStaleWhenUnavailable && cached is { Result.Found: true })
            {
                LogServedStale(_logger, doi.Value, ex.Message);
                return cached.Result;
            }

            await WriteAsync(doi, partition, row, result).ConfigureAwait(false);
            return result;
        }
        finally
        {
            // Later callers read the table instead of this finished task (and never see an old failure).
            _inFlight.TryRemove(doi, out _);
        }
    }

    private sealed record Cached(CrossrefWorkResult Result, bool Fresh);

    private async Task<Cached?> ReadAsync(Doi doi, string partition, string row)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(partition, row).ConfigureAwait(false);
        if (!response.HasValue || response.Value is not { } entity || entity.GetString("Doi") != doi.Value)
        {
            return null;
        }

        var found = entity.GetBoolean("Found") ?? false;
        // Rows written before other agencies were asked hold Crossref's answers.
        var agency = AgencyNames.TryParse(entity.GetString("Agency"), out var answered) ? answered : RegistrationAgency.Crossref;
        var fetchedAt = entity.GetDateTimeOffset("FetchedAt") ?? DateTimeOffset.MinValue;
        var ttl = found ? _options.FoundTtl : _options.NotFoundTtl;
        var fresh = _time.GetUtcNow() - fetchedAt < ttl;
        if (!found)
        {
            return new Cached(CrossrefWorkResult.NotFound(doi) with { Agency = agency }, fresh);
        }

        var json = ReadMessage(entity);
        return json is null ? null : new Cached(new CrossrefWorkResult { Doi = doi, MessageJson = json, Agency = agency }, fresh);
    }

    private async Task WriteAsync(Doi doi, string partition, string row, CrossrefWorkResult result)
    {
        var entity = new TableEntity(partition, row)
        {
            ["Doi"] = doi.Value,
            ["Found"] = result.Found,
            ["Agency"] = AgencyNames.Of(result.Agency),
            ["FetchedAt"] = _time.GetUtcNow(),
        };
        if (result.MessageJson is { } json && !WriteMessage(entity, json))
        {
            LogTooLarge(_logger, doi.Value, json.Length);
            return;
        }

        await _table.UpsertEntityAsync(entity, TableUpdateMode.Replace).ConfigureAwait(false);
    }

    /// <summary>The work JSON, gzipped, across <c>Message</c>, <c>Message_1</c>... (false if even that is too big).</summary>
    internal static bool WriteMessage(TableEntity entity, string json)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(json));
        }

        var bytes = buffer.ToArray();
        var parts = Math.Max(1, (bytes.Length + ChunkBytes - 1) / ChunkBytes);
        if (parts > MaxChunks)
        {
            return false;
        }

        for (var i = 0; i < parts; i++)
        {
            var length = Math.Min(ChunkBytes, bytes.Length - (i * ChunkBytes));
            entity[i == 0 ? "Message" : $"Message_{i}"] = bytes.AsSpan(i * ChunkBytes, length).ToArray();
        }

        entity["MessageParts"] = parts;
        return true;
    }

    internal static string? ReadMessage(TableEntity entity)
    {
        var parts = entity.GetInt32("MessageParts") ?? 1;
        using var compressed = new MemoryStream();
        for (var i = 0; i < parts; i++)
        {
            if (entity.GetBinary(i == 0 ? "Message" : $"Message_{i}") is not { } chunk)
            {
                return null;
            }

            compressed.Write(chunk);
        }

        compressed.Position = 0;
        try
        {
            using var gzip = new GZipStream(compressed, CompressionMode.Decompress);
            using var reader = new StreamReader(gzip, Encoding.UTF8);
            return reader.ReadToEnd();
        }
        catch (InvalidDataException)
        {
            // A damaged row is a miss, not an error: the work is fetched again and the row replaced.
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Crossref unavailable for {Doi}; answered from an expired cache entry: {Reason}")]
    private static partial void LogServedStale(ILogger logger, string doi, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Work {Doi} is too large to cache ({Chars} chars); not cached")]
    private static partial void LogTooLarge(ILogger logger, string doi, int chars);
}

using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.IO.Compression;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Enrichment.Core.Crossref;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Enrichment.Core.Identifiers;

namespace Enrichment.Pipeline.Works;

/// <summary>
/// <see cref="ICrossrefClient"/> in front of the real one, with the <c>Works</c> table as a cache: one row per DOI
/// holding Crossref's answer (the work's JSON, gzipped, or "not found"), and when it was fetched. A fresh row is
/// answered without calling Crossref; a work is fetched again once older than <see cref="WorksCacheOptions.UpdatesCheckAfter"/>
/// (retractions and corrections arrive after it was cached), and answered from the row if Crossref cannot answer
/// then; a 404 is remembered for <see cref="WorksCacheOptions.NotFoundTtl"/>; and concurrent requests for one DOI share one call: in this process through a single flight, across instances
/// through a claim on the DOI's row (which instance is calling, until when; taken with ETags), which the others
/// wait on until the answer is in the row or the claim expires. Searches pass through.
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
    private readonly string _instance = Guid.NewGuid().ToString("N");

    /// <summary>The row's claim: which instance is asking Crossref for this DOI, and until when the claim holds.</summary>
    private const string ClaimedBy = "ClaimedBy";
    private const string ClaimExpires = "ClaimExpires";

    /// <summary>The longest pause between two looks at a DOI another instance has claimed.</summary>
    private static readonly TimeSpan MaxClaimPoll = TimeSpan.FromSeconds(1);

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
            var wait = _options.ClaimPollInterval;
            while (true)
            {
                var entity = await ReadRowAsync(doi, partition, row).ConfigureAwait(false);
                var cached = entity is null ? null : Interpret(doi, entity);
                if (cached is { Fresh: true })
                {
                    return cached.Result;
                }

                if (IsClaimedByAnother(entity))
                {
                    // Another instance is asking Crossref for this DOI: wait for its answer in the table rather
                    // than call too. If it dies, its claim expires and the next look takes it over.
                    await Task.Delay(wait, _time).ConfigureAwait(false);
                    wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, MaxClaimPoll.Ticks));
                    continue;
                }

                if (await TryClaimAsync(doi, partition, row, entity).ConfigureAwait(false) is not { } claim)
                {
                    // Another instance claimed it between the read and ours: look again.
                    continue;
                }

                return await FetchClaimedAsync(doi, partition, row, cached, claim).ConfigureAwait(false);
            }
        }
        finally
        {
            // Later callers read the table instead of this finished task (and never see an old failure).
            _inFlight.TryRemove(doi, out _);
        }
    }

    private async Task<CrossrefWorkResult> FetchClaimedAsync(Doi doi, string partition, string row, Cached? cached, ETag claim)
    {
        var fetch = _inner.GetWorkAsync(doi);
        CrossrefWorkResult result;
        try
        {
            // Crossref's queue (the rate limit) can be longer than a claim lives: renew it while waiting.
            while (!fetch.IsCompleted)
            {
                var renew = Task.Delay(_options.ClaimTtl / 3, _time);
                if (await Task.WhenAny(fetch, renew).ConfigureAwait(false) == renew)
                {
                    claim = await RenewClaimAsync(partition, row, claim).ConfigureAwait(false);
                }
            }

            result = await fetch.ConfigureAwait(false);
        }
        catch (CrossrefUnavailableException ex) when (cached is { Result.Found: true, Expired: false })
        {
            // Only the check for updates failed: the stored work is still within its time to live.
            LogUpdatesUnchecked(_logger, doi.Value, ex.Message);
            await ReleaseClaimAsync(partition, row, claim).ConfigureAwait(false);
            return cached.Result;
        }
        catch (CrossrefUnavailableException ex) when (_options.ServeStaleWhenUnavailable && cached is { Result.Found: true })
        {
            LogServedStale(_logger, doi.Value, ex.Message);
            await ReleaseClaimAsync(partition, row, claim).ConfigureAwait(false);
            return cached.Result;
        }
        catch
        {
            await ReleaseClaimAsync(partition, row, claim).ConfigureAwait(false);
            throw;
        }

        // The answer replaces the row, claim and all: whoever waits for it reads it next.
        if (!await WriteAsync(doi, partition, row, result).ConfigureAwait(false))
        {
            await ReleaseClaimAsync(partition, row, claim).ConfigureAwait(false);
        }

        return result;
    }

    private bool IsClaimedByAnother(TableEntity? entity) =>
        entity?.GetString(ClaimedBy) is { } holder && holder != _instance
        && entity.GetDateTimeOffset(ClaimExpires) is { } expires && expires > _time.GetUtcNow();

    /// <summary>Claims the DOI for this instance: a new row, or the existing one if its ETag has not moved. Null when another instance won.</summary>
    private async Task<ETag?> TryClaimAsync(Doi doi, string partition, string row, TableEntity? existing)
    {
        var claim = new TableEntity(partition, row)
        {
            ["Doi"] = doi.Value,
            [ClaimedBy] = _instance,
            [ClaimExpires] = _time.GetUtcNow() + _options.ClaimTtl,
        };
        try
        {
            var response = existing is null
                ? await _table.AddEntityAsync(claim).ConfigureAwait(false)
                : await _table.UpdateEntityAsync(claim, existing.ETag, TableUpdateMode.Merge).ConfigureAwait(false);
            return response.Headers.ETag;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return null;
        }
    }

    private async Task<ETag> RenewClaimAsync(string partition, string row, ETag claim)
    {
        var renewal = new TableEntity(partition, row) { [ClaimExpires] = _time.GetUtcNow() + _options.ClaimTtl };
        try
        {
            var response = await _table.UpdateEntityAsync(renewal, claim, TableUpdateMode.Merge).ConfigureAwait(false);
            return response.Headers.ETag ?? claim;
        }
        catch (RequestFailedException ex)
        {
            // Taken over (412) or storage away: the call goes on; at worst another instance calls too.
            LogClaimLost(_logger, partition, ex.Status);
            return claim;
        }
    }

    /// <summary>The call failed: let a waiting instance try at once instead of after the claim's expiry.</summary>
    private async Task ReleaseClaimAsync(string partition, string row, ETag claim)
    {
        var release = new TableEntity(partition, row) { [ClaimExpires] = DateTimeOffset.UnixEpoch };
        try
        {
            await _table.UpdateEntityAsync(release, claim, TableUpdateMode.Merge).ConfigureAwait(false);
        }
        catch (RequestFailedException)
        {
            // Already taken over, or storage away: the claim expires by itself.
        }
    }

    /// <summary>A stored answer; <paramref name="Fresh"/>: answered without asking; <paramref name="Expired"/>: past its time to live.</summary>
    private sealed record Cached(CrossrefWorkResult Result, bool Fresh, bool Expired);

    private async Task<TableEntity?> ReadRowAsync(Doi doi, string partition, string row)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(partition, row).ConfigureAwait(false);
        return response.HasValue && response.Value is { } entity && entity.GetString("Doi") == doi.Value ? entity : null;
    }

    /// <summary>The answer a row holds, if any (a row with only a claim holds none).</summary>
    private Cached? Interpret(Doi doi, TableEntity entity)
    {
        if (entity.GetBoolean("Found") is not { } found)
        {
            return null;
        }

        var fetchedAt = entity.GetDateTimeOffset("FetchedAt") ?? DateTimeOffset.MinValue;
        var age = _time.GetUtcNow() - fetchedAt;
        if (!found)
        {
            var expired = age >= _options.NotFoundTtl;
            return new Cached(CrossrefWorkResult.NotFound(doi), !expired, expired);
        }

        // A work is asked about again once its updates may be out of date, before its time to live runs out.
        var json = ReadMessage(entity);
        return json is null ? null : new Cached(
            new CrossrefWorkResult { Doi = doi, MessageJson = json },
            age < _options.FoundTtl && age < _options.UpdatesCheckAfter,
            age >= _options.FoundTtl);
    }

    /// <summary>Stores the answer (false when it is too large to cache).</summary>
    private async Task<bool> WriteAsync(Doi doi, string partition, string row, CrossrefWorkResult result)
    {
        var entity = new TableEntity(partition, row)
        {
            ["Doi"] = doi.Value,
            ["Found"] = result.Found,
            ["FetchedAt"] = _time.GetUtcNow(),
        };
        if (result.MessageJson is { } json && !WriteMessage(entity, json))
        {
            LogTooLarge(_logger, doi.Value, json.Length);
            return false;
        }

        await _table.UpsertEntityAsync(entity, TableUpdateMode.Replace).ConfigureAwait(false);
        return true;
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew the claim on a work in partition {Partition} (status {Status}); the call goes on")]
    private static partial void LogClaimLost(ILogger logger, string partition, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Crossref unavailable for {Doi}; answered from the cache without checking for updates: {Reason}")]
    private static partial void LogUpdatesUnchecked(ILogger logger, string doi, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Work {Doi} is too large to cache ({Chars} chars); not cached")]
    private static partial void LogTooLarge(ILogger logger, string doi, int chars);
}

using Azure;
using Azure.Data.Tables;
using Enrichment.Core.Budget;
using Microsoft.Extensions.Logging;

namespace Enrichment.Pipeline.Budget;

/// <summary>
/// The start schedules every instance draws from: one row per schedule in the <c>Instances</c> table (partition
/// <c>slots</c>) holding the next free slot (UTC ticks). A start reads it, takes <c>max(earliest, next)</c> and writes
/// the slot after it, conditional on the row's ETag; a lost race reads again. The row also keeps the spacing the last
/// informed caller used (one Crossref had answered), the least an uninformed one (just started) may use; an
/// uninformed one also holds the next slot three of its own spacings away. Two storage calls per request, and
/// no state held: a crashed instance leaves nothing behind. A call slower than <see cref="CallTimeout"/> or failing
/// counts as out of reach, and the caller paces by its share until it asks again.
/// </summary>
public sealed partial class TableSharedSlots(TableClient table, ILogger<TableSharedSlots> logger) : ISharedSlots
{
    private const string Partition = "slots";
    private const string NextColumn = "Next";
    private const string SpacingColumn = "Spacing";

    /// <summary>
    /// Lost races in a row before the schedule counts as out of reach. Each lost race is another start taken, so
    /// this only bounds a pathological pile-up (the concurrency gate keeps racers to a few per instance).
    /// </summary>
    private const int MaxRaces = 64;

    /// <summary>How many of its own spacings an uninformed caller holds the next slot away.</summary>
    private const int UninformedSpacings = 3;

    /// <summary>Longest wait for storage before pacing by the local share instead.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(2);

    public async ValueTask<DateTimeOffset?> ReserveAsync(string schedule, DateTimeOffset earliest, TimeSpan spacing, bool informed, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CallTimeout);
        try
        {
            for (var race = 0; race < MaxRaces; race++)
            {
                // The whole (small) row: with $select, Azurite leaves out the ETag, and a write conditional on no ETag is no condition.
                var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition, schedule, cancellationToken: timeout.Token).ConfigureAwait(false);
                var next = row.HasValue ? row.Value!.GetInt64(NextColumn) ?? 0 : 0;
                var known = row.HasValue ? row.Value!.GetInt64(SpacingColumn) ?? 0 : 0;
                // Uninformed (no answer yet: the first call of a process, whose connection setup delays its arrival by
                // more than the margin allows): three spacings, and never less than what informed callers use.
                var step = informed ? spacing.Ticks : Math.Max(UninformedSpacings * spacing.Ticks, known);
                var slot = Math.Max(earliest.UtcTicks, next);
                var entity = new TableEntity(Partition, schedule)
                {
                    [NextColumn] = slot + step,
                    [SpacingColumn] = informed ? spacing.Ticks : known,
                };
                try
                {
                    if (row.HasValue)
                    {
                        await table.UpdateEntityAsync(entity, row.Value!.ETag, TableUpdateMode.Replace, timeout.Token).ConfigureAwait(false);
                    }
                    else
                    {
                        await table.AddEntityAsync(entity, timeout.Token).ConfigureAwait(false);
                    }

                    return new DateTimeOffset(slot, TimeSpan.Zero);
                }
                catch (RequestFailedException ex) when (ex.Status is 409 or 412)
                {
                    // Another instance took the slot between our read and write: read again.
                }
            }

            LogOutOfReach(logger, schedule, $"{MaxRaces} lost races in a row");
            return null;
        }
        catch (Exception ex) when (ex is RequestFailedException or HttpRequestException or TimeoutException
                                   || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogOutOfReach(logger, schedule, ex.Message);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shared schedule {Schedule} out of reach; pacing by this instance's share for a while: {Reason}")]
    private static partial void LogOutOfReach(ILogger logger, string schedule, string reason);
}

using Azure;
using Azure.Data.Tables;
using Enrichment.Core.Budget;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Enrichment.Pipeline.Budget;

/// <summary>
/// Shares the rate and concurrency budgets of Crossref (and every other <see cref="IBudgetMember"/>) among the
/// instances on one storage account. Starts are paced by the shared schedule (<see cref="TableSharedSlots"/>); what
/// this class deals out is each instance's share, used for concurrency, and for the rate while the schedule is out of
/// reach. Each instance writes a heartbeat row to the <c>Instances</c> table every
/// <see cref="BudgetOptions.HeartbeatInterval"/>, counts the rows younger than <see cref="BudgetOptions.LiveWindow"/>,
/// and takes its share: 1/N of the rate, and its whole part of the concurrency (<see cref="BudgetShare"/>). A
/// crashed instance's row ages out within the live window and its share returns to the others; a stopping one
/// deletes its row at once. When storage does not answer, the instance keeps the share it last had (safe while no
/// new instance appears), or until it has one, 1/<see cref="BudgetOptions.FallbackInstances"/>: it slows, never stops.
/// </summary>
public sealed partial class InstanceBudget : BackgroundService
{
    /// <summary>Rows of instances gone this many live windows are deleted by whoever sees them.</summary>
    private const int ForgetAfterWindows = 10;

    private const string Partition = "budget";

    private readonly TableClient _table;
    private readonly IReadOnlyList<IBudgetMember> _members;
    private readonly BudgetOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ISharedSlots? _slots;
    private BudgetShare? _current;

    /// <summary>False until a heartbeat has found the table, and again after a failed one (storage may have been reset).</summary>
    private bool _tableKnown;

    public InstanceBudget(
        TableServiceClient tables,
        IEnumerable<IBudgetMember> members,
        ISharedSlots slots,
        IOptions<BudgetOptions> options,
        TimeProvider time,
        ILogger<InstanceBudget> logger)
        : this(tables.GetTableClient(StorageNames.InstancesTable), members, options, time, logger)
    {
        _slots = slots;
    }

    internal InstanceBudget(
        TableClient table,
        IEnumerable<IBudgetMember> members,
        IOptions<BudgetOptions> options,
        TimeProvider time,
        ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _table = table;
        _members = [.. members.Distinct()];
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>This instance's row key: unique per process, sortable so every instance ranks them alike.</summary>
    public string InstanceId { get; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}";

    /// <summary>The share in force (null until the first heartbeat or the fallback).</summary>
    public BudgetShare? Current => _current;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        Apply(new BudgetShare(_options.FallbackInstances, 0), "until the first heartbeat");
        if (_slots is not null)
        {
            foreach (var member in _members)
            {
                member.UseSharedSlots(_slots);
            }
        }

        // One heartbeat before the host takes work, so an instance alone starts at the whole rate.
        await BeatAsync(cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Leaving: the others take this share at their next heartbeat instead of after the live window.
            await _table.DeleteEntityAsync(Partition, InstanceId, ETag.All, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RequestFailedException or OperationCanceledException or TimeoutException)
        {
            LogLeaveFailed(_logger, ex.Message);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.HeartbeatInterval, _time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            await BeatAsync(stoppingToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes this instance's heartbeat, counts the live instances and takes its share. Never throws for storage.</summary>
    public async Task BeatAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        try
        {
            if (!_tableKnown)
            {
                await _table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
                _tableKnown = true;
            }

            await _table.UpsertEntityAsync(
                new TableEntity(Partition, InstanceId) { ["HeartbeatAt"] = now },
                TableUpdateMode.Replace,
                cancellationToken).ConfigureAwait(false);

            var beats = new List<(string Id, DateTimeOffset At)>();
            await foreach (var row in _table.QueryAsync<TableEntity>(
                e => e.PartitionKey == Partition, select: ["RowKey", "HeartbeatAt"], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                beats.Add((row.RowKey, row.GetDateTimeOffset("HeartbeatAt") ?? DateTimeOffset.MinValue));
            }

            Apply(ShareOf(beats, InstanceId, now, _options.LiveWindow), "heartbeat");
            await ForgetAsync(beats, now, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RequestFailedException or TimeoutException or HttpRequestException
                                   || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // A storage blip: keep the share in force (the fallback if there never was one), and try again next beat.
            _tableKnown = false;
            LogBeatFailed(_logger, _current?.ToString() ?? "none", ex.Message);
        }
    }

    /// <summary>
    /// This instance's share among the heartbeats younger than <paramref name="liveWindow"/> (its own always counts):
    /// N is their number, the rank is its place among their ids in ordinal order.
    /// </summary>
    public static BudgetShare ShareOf(IEnumerable<(string Id, DateTimeOffset At)> beats, string self, DateTimeOffset now, TimeSpan liveWindow)
    {
        var live = beats.Where(b => b.Id == self || now - b.At < liveWindow).Select(b => b.Id).Append(self)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new BudgetShare(live.Count, live.IndexOf(self));
    }

    private async Task ForgetAsync(List<(string Id, DateTimeOffset At)> beats, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var (id, at) in beats.Where(b => b.Id != InstanceId && now - b.At > _options.LiveWindow * ForgetAfterWindows))
        {
            // Another instance may delete it first: a 404 here is fine.
            using var _ = await _table.DeleteEntityAsync(Partition, id, ETag.All, cancellationToken).ConfigureAwait(false);
        }
    }

    private void Apply(BudgetShare share, string why)
    {
        if (_current == share)
        {
            return;
        }

        _current = share;
        foreach (var member in _members)
        {
            member.ApplyShare(share);
        }

        LogShare(_logger, share.ToString(), why);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Budget share: {Share} ({Why})")]
    private static partial void LogShare(ILogger logger, string share, string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Budget heartbeat failed; keeping share {Share}: {Reason}")]
    private static partial void LogBeatFailed(ILogger logger, string share, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove this instance's budget row on stop (it ages out): {Reason}")]
    private static partial void LogLeaveFailed(ILogger logger, string reason);
}

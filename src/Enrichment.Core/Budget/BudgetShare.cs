namespace Enrichment.Core.Budget;

/// <summary>
/// This process's part of a rate and concurrency budget shared by <see cref="Instances"/> live processes, where it
/// is number <see cref="Rank"/> (0-based) in a order every process agrees on. Each takes 1/N of the rate; the
/// concurrency limit is dealt out whole, the first <c>limit mod N</c> ranks taking one more, and never less than
/// one (a process that may not call at all would hold its records for ever).
/// </summary>
public readonly record struct BudgetShare
{
    public BudgetShare(int instances, int rank)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(instances, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(rank);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(rank, instances);
        Instances = instances;
        Rank = rank;
    }

    /// <summary>The whole budget: one process alone.</summary>
    public static BudgetShare Whole { get; } = new(1, 0);

    public int Instances { get; }

    public int Rank { get; }

    /// <summary>The part of the rate this process may use.</summary>
    public double RateFraction => 1.0 / Instances;

    /// <summary>This process's part of a concurrency <paramref name="limit"/>.</summary>
    public int ConcurrencyOf(int limit) => Math.Max(1, (limit / Instances) + (Rank < limit % Instances ? 1 : 0));

    public override string ToString() => Instances == 1 ? "whole" : $"1/{Instances} (rank {Rank})";
}

/// <summary>A client whose limits are shared with the other instances on the same storage account.</summary>
public interface IBudgetMember
{
    /// <summary>A name for logs and docs (<c>Crossref</c>).</summary>
    string BudgetName { get; }

    /// <summary>Takes this share of the limits from now on (the limits themselves may still change with an answer's headers).</summary>
    void ApplyShare(BudgetShare share);

    /// <summary>Paces its starts by <paramref name="slots"/>, shared with the other instances, whenever it can be reached.</summary>
    void UseSharedSlots(ISharedSlots slots);
}

/// <summary>
/// A start schedule every instance draws from (a row per schedule in storage): each request takes the first slot
/// at or after the time it could start, at least one spacing after the last slot anyone took. Instances then
/// start as one limiter would, and one busy instance may use the whole rate while the others are idle.
/// </summary>
public interface ISharedSlots
{
    /// <summary>
    /// Reserves a slot of <paramref name="schedule"/> at or after <paramref name="earliest"/> and holds the next one
    /// <paramref name="spacing"/> later; null when the schedule cannot be reached now (the caller falls back to its
    /// share). A caller whose spacing is only its configured start (<paramref name="informed"/> false: the service has
    /// not answered it yet) keeps at least the spacing the informed callers last gave, so a new instance cannot
    /// run at a default faster than what the service announced to the others.
    /// </summary>
    ValueTask<DateTimeOffset?> ReserveAsync(string schedule, DateTimeOffset earliest, TimeSpan spacing, bool informed, CancellationToken cancellationToken);
}

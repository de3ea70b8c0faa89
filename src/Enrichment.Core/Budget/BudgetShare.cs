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
}

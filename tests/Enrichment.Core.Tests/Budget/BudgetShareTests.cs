using Enrichment.Core.Budget;

namespace Enrichment.Core.Tests.Budget;

public sealed class BudgetShareTests
{
    [Theory]
    [InlineData(1, 0, 3, 3)]
    [InlineData(3, 0, 3, 1)]
    [InlineData(3, 2, 3, 1)]
    [InlineData(2, 0, 3, 2)]
    [InlineData(2, 1, 3, 1)]
    [InlineData(4, 3, 10, 2)]
    [InlineData(4, 1, 10, 3)]
    [InlineData(3, 2, 1, 1)] // never zero: an instance that may not call would hold its records for ever
    public void Deals_out_the_concurrency_limit_whole(int instances, int rank, int limit, int expected) =>
        new BudgetShare(instances, rank).ConcurrencyOf(limit).ShouldBe(expected);

    [Theory]
    [InlineData(2, 3)]
    [InlineData(3, 5)]
    [InlineData(7, 10)]
    public void The_ranks_together_never_hold_more_than_the_limit_when_it_is_at_least_the_instances(int instances, int limit) =>
        Enumerable.Range(0, instances).Sum(rank => new BudgetShare(instances, rank).ConcurrencyOf(limit)).ShouldBe(limit);

    [Theory]
    [InlineData(0, 0)]
    [InlineData(2, 2)]
    [InlineData(2, -1)]
    public void Refuses_a_rank_outside_the_instances(int instances, int rank) =>
        Should.Throw<ArgumentOutOfRangeException>(() => new BudgetShare(instances, rank));
}

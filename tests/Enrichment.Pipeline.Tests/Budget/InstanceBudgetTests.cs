using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Enrichment.Core.Budget;
using Enrichment.Pipeline.Budget;
using Enrichment.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Enrichment.Pipeline.Tests.Budget;

/// <summary>Instances on one Azurite table sharing a budget, on one fake clock.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class InstanceBudgetTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly string _tableName = "Instances" + Guid.NewGuid().ToString("N")[..12];
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly BudgetOptions _options = new() { HeartbeatInterval = TimeSpan.FromSeconds(2), LiveWindow = TimeSpan.FromSeconds(6), FallbackInstances = 4 };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await new TableServiceClient(azurite.ConnectionString).DeleteTableAsync(_tableName);

    private (InstanceBudget Budget, Member Member, Blip Blip) Instance()
    {
        var blip = new Blip();
        var clientOptions = new TableClientOptions { Retry = { MaxRetries = 0, NetworkTimeout = TimeSpan.FromSeconds(5) } };
        clientOptions.AddPolicy(blip, HttpPipelinePosition.PerCall);
        var member = new Member();
        var budget = new InstanceBudget(
            new TableClient(azurite.ConnectionString, _tableName, clientOptions), [member], Options.Create(_options), _time, NullLogger.Instance);
        return (budget, member, blip);
    }

    [Fact]
    public async Task Three_instances_each_take_a_third_of_the_rate_under_distinct_ranks()
    {
        var instances = Enumerable.Range(0, 3).Select(_ => Instance()).ToList();
        foreach (var (budget, _, _) in instances)
        {
            await budget.BeatAsync(CancellationToken.None);
        }

        // The last to beat saw all three at once; the first two see them at their next beat.
        foreach (var (budget, _, _) in instances)
        {
            await budget.BeatAsync(CancellationToken.None);
        }

        var shares = instances.Select(i => i.Member.Share!.Value).ToList();
        shares.ShouldAllBe(share => share.Instances == 3);
        shares.Select(share => share.Rank).Order().ShouldBe([0, 1, 2]);
        shares.Sum(share => share.ConcurrencyOf(3)).ShouldBe(3);
    }

    [Fact]
    public async Task A_crashed_instances_share_returns_once_its_heartbeat_is_older_than_the_live_window()
    {
        var (first, firstMember, _) = Instance();
        var (crashed, _, _) = Instance();
        await crashed.BeatAsync(CancellationToken.None);
        await first.BeatAsync(CancellationToken.None);
        firstMember.Share!.Value.Instances.ShouldBe(2);

        // The crashed one never beats again: still counted 5.9 s later, gone at 6 s.
        _time.Advance(TimeSpan.FromSeconds(5.9));
        await first.BeatAsync(CancellationToken.None);
        firstMember.Share!.Value.Instances.ShouldBe(2);

        _time.Advance(TimeSpan.FromSeconds(0.1));
        await first.BeatAsync(CancellationToken.None);
        firstMember.Share.ShouldBe(BudgetShare.Whole);
    }

    [Fact]
    public async Task A_stopping_instance_gives_its_share_back_at_the_others_next_heartbeat()
    {
        var (staying, stayingMember, _) = Instance();
        var (leaving, _, _) = Instance();
        await leaving.StartAsync(CancellationToken.None);
        await staying.BeatAsync(CancellationToken.None);
        stayingMember.Share!.Value.Instances.ShouldBe(2);

        await leaving.StopAsync(CancellationToken.None);
        await staying.BeatAsync(CancellationToken.None);

        stayingMember.Share.ShouldBe(BudgetShare.Whole);
    }

    [Fact]
    public async Task An_instance_alone_starts_with_the_whole_budget()
    {
        var (budget, member, _) = Instance();

        await budget.StartAsync(CancellationToken.None);
        await budget.StopAsync(CancellationToken.None);

        member.Shares.ShouldBe([new BudgetShare(4, 0), BudgetShare.Whole]);
    }

    [Fact]
    public async Task During_a_storage_blip_an_instance_keeps_its_last_share_and_takes_the_new_one_after()
    {
        var (budget, member, blip) = Instance();
        var (other, _, _) = Instance();
        await other.BeatAsync(CancellationToken.None);
        await budget.BeatAsync(CancellationToken.None);
        member.Share!.Value.Instances.ShouldBe(2);

        blip.Failing = true;
        _time.Advance(TimeSpan.FromSeconds(2));
        await budget.BeatAsync(CancellationToken.None);
        member.Share!.Value.Instances.ShouldBe(2);

        blip.Failing = false;
        _time.Advance(TimeSpan.FromSeconds(8));
        await budget.BeatAsync(CancellationToken.None);
        member.Share.ShouldBe(BudgetShare.Whole);
    }

    [Fact]
    public async Task Storage_down_from_the_start_leaves_the_fallback_share_not_a_stop()
    {
        var (budget, member, blip) = Instance();
        blip.Failing = true;

        await budget.StartAsync(CancellationToken.None);
        await budget.StopAsync(CancellationToken.None);

        member.Shares.ShouldBe([new BudgetShare(4, 0)]);
    }

    [Fact]
    public void The_share_counts_its_own_row_even_before_storage_shows_it()
    {
        var now = DateTimeOffset.UnixEpoch;
        InstanceBudget.ShareOf([("b", now), ("c", now - TimeSpan.FromSeconds(7))], "a", now, TimeSpan.FromSeconds(6))
            .ShouldBe(new BudgetShare(2, 0));
    }

    private sealed class Member : IBudgetMember
    {
        public List<BudgetShare> Shares { get; } = [];

        public BudgetShare? Share => Shares.Count == 0 ? null : Shares[^1];

        public string BudgetName => "test";

        public void ApplyShare(BudgetShare share) => Shares.Add(share);

        public void UseSharedSlots(ISharedSlots slots)
        {
        }
    }

    /// <summary>Fails every storage call while on, as an unreachable account would.</summary>
    private sealed class Blip : HttpPipelineSynchronousPolicy
    {
        public bool Failing { get; set; }

        public override void OnSendingRequest(HttpMessage message)
        {
            if (Failing)
            {
                throw new RequestFailedException(503, "storage blip (test)");
            }
        }
    }
}

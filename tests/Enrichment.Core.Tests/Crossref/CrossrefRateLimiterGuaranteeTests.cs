using Enrichment.Core.Budget;
using Enrichment.Core.Crossref;
using static Enrichment.Core.Tests.Crossref.LimiterHarness;

namespace Enrichment.Core.Tests.Crossref;

/// <summary>
/// What the limiter promises (docs/crossref.md, "Limits"), proved by stepping a fake clock one millisecond at a time:
/// each test fails if one of the limiter's checks is taken out.
/// </summary>
public sealed class CrossrefRateLimiterGuaranteeTests
{
    private static readonly TimeSpan Quick = TimeSpan.FromMilliseconds(10);

    /// <summary>10 requests/s, spaced 103 ms (3% margin), a hard window of 10 per 1,000 ms.</summary>
    private static (CrossrefRateLimiter Limiter, SteppedClock Clock, LimiterHarness Harness) Start(
        int concurrency = 100, double rate = 10, double searchRate = 3, double margin = 0.03, bool answered = true)
    {
        var clock = new SteppedClock();
        var limiter = new CrossrefRateLimiter(
            new CrossrefOptions
            {
                RequestsPerSecond = rate,
                SearchRequestsPerSecond = searchRate,
                MaxConcurrentRequests = concurrency,
                RateSafetyMargin = margin,
                RateStallAllowance = 0.1,
            },
            clock);
        if (answered)
        {
            limiter.MarkAnswered();
        }

        return (limiter, clock, new LimiterHarness(limiter, clock));
    }

    private static List<double> Gaps(List<double> starts) => [.. starts.Zip(starts.Skip(1), (a, b) => b - a)];

    [Fact]
    public async Task Starts_are_spaced_by_the_interval_over_the_limit_plus_the_margin()
    {
        var (_, _, calls) = Start();
        calls.Calls(12, Quick);

        await calls.RunToEndAsync();

        calls.Starts()[0].ShouldBe(0);
        Gaps(calls.Starts()).ShouldAllBe(gap => Math.Abs(gap - 103) < 0.001);
    }

    [Fact]
    public async Task Never_more_than_the_limit_in_any_interval_even_when_an_early_timer_fires_late()
    {
        var (_, clock, calls) = Start();
        calls.Calls(25, Quick);
        await calls.SettleAsync();

        // The host stalls: the slot at 103 ms fires at 190 ms. The slots after it fire on time, so without the
        // window check the 12th request (slot 1,133 ms) would be the 11th start within 1,000 ms of 190.
        clock.Advance(TimeSpan.FromMilliseconds(190));
        await calls.RunToEndAsync();

        var starts = calls.Starts();
        starts.Count.ShouldBe(25);
        starts[1].ShouldBe(190);
        MostInAnyWindow(starts, 1000).ShouldBe(10);
        starts[11].ShouldBe(1190, 0.001);
    }

    [Fact]
    public async Task A_slow_round_trip_counts_against_the_window_as_a_late_arrival()
    {
        // One at a time, so each request reserves its slot when the one before it is answered.
        var (_, _, calls) = Start(concurrency: 1);
        calls.Call(0, TimeSpan.FromMilliseconds(60));
        calls.Calls(12, Quick, firstId: 1);

        await calls.RunToEndAsync();

        // The first request took 50 ms longer than the quickest: it may have reached Crossref at 50 ms, so the
        // 11th start waits until 1,050 ms rather than its slot at 1,030 ms, and the next keeps a full slot after it.
        var starts = calls.Starts();
        starts[10].ShouldBe(1050, 0.001);
        Gaps(starts).ShouldAllBe(gap => gap >= 103 - 0.001, string.Join(" ", starts));
        starts[11].ShouldBe(1153, 0.001);
    }

    [Fact]
    public async Task The_allowance_for_a_slow_round_trip_is_at_most_a_tenth_of_the_interval()
    {
        var (_, _, calls) = Start();
        calls.Call(0, TimeSpan.FromMilliseconds(500));
        calls.Calls(11, Quick, firstId: 1);

        await calls.RunToEndAsync();

        calls.StartOf(10).ShouldBe(1100, 0.001);
    }

    [Fact]
    public async Task Never_more_than_the_concurrency_limit_in_flight()
    {
        var (_, _, calls) = Start(concurrency: 3, rate: 100);
        calls.Calls(15, TimeSpan.FromMilliseconds(250));

        await calls.RunToEndAsync();

        calls.MaxInFlight.ShouldBe(3);
        calls.Starts().Count.ShouldBe(15);
    }

    [Fact]
    public async Task One_at_a_time_until_Crossref_first_answers_then_the_full_concurrency()
    {
        var (limiter, _, calls) = Start(concurrency: 3, rate: 100, answered: false);
        calls.Calls(6, TimeSpan.FromMilliseconds(100));

        await calls.RunToAsync(250);
        calls.MaxInFlight.ShouldBe(1);
        calls.Starts().Count.ShouldBe(3);

        // The answer itself lets the waiting requests in; no release is needed.
        limiter.MarkAnswered();
        await calls.RunToAsync(280);
        calls.InFlight.ShouldBe(3);

        await calls.RunToEndAsync();
        calls.MaxInFlight.ShouldBe(3);
    }

    [Fact]
    public async Task A_429s_Retry_After_pauses_every_request_until_it_passes_and_they_resume_one_slot_apart()
    {
        var (limiter, _, calls) = Start();
        calls.Calls(12, Quick);
        await calls.RunToAsync(250);

        limiter.PauseFor(TimeSpan.FromSeconds(2));
        await calls.RunToEndAsync();

        var starts = calls.Starts();
        starts.Count(s => s > 250 && s < 2250).ShouldBe(0);
        starts[3].ShouldBe(2250, 0.001);
        Gaps(starts).ShouldAllBe(gap => gap >= 103 - 0.001);
    }

    [Fact]
    public async Task A_shorter_pause_never_cuts_a_longer_one_short()
    {
        var (limiter, _, calls) = Start();
        calls.Calls(12, Quick);
        await calls.RunToAsync(250);

        // Slots reserved before the pauses (up to 1,133 ms) must not start once the shorter one is over.
        limiter.PauseFor(TimeSpan.FromSeconds(2));
        limiter.PauseFor(TimeSpan.FromMilliseconds(500));
        await calls.RunToEndAsync();

        calls.Starts().Count(s => s > 250 && s < 2250).ShouldBe(0, string.Join(" ", calls.Starts()));
        calls.Starts()[3].ShouldBe(2250, 0.001);
    }

    [Fact]
    public async Task Adopts_the_rate_and_interval_Crossref_announces()
    {
        var (limiter, _, calls) = Start(margin: 0);
        limiter.Observe(CrossrefPool.Works, "4", "2s", null);
        calls.Calls(9, Quick);

        await calls.RunToEndAsync();

        // 4 per 2 s: 500 ms apart, never 5 in any 2 s.
        Gaps(calls.Starts()).ShouldAllBe(gap => Math.Abs(gap - 500) < 0.001);
        MostInAnyWindow(calls.Starts(), 2000).ShouldBe(4);
    }

    [Fact]
    public async Task A_slower_announced_rate_holds_back_the_next_start_from_the_last_one()
    {
        var (limiter, clock, calls) = Start();
        calls.Call(0, Quick);
        await calls.RunToAsync(20);

        limiter.Observe(CrossrefPool.Works, "2", "1s", null);
        calls.Call(1, Quick);
        await calls.RunToEndAsync();

        calls.StartOf(1).ShouldBe(515, 0.001);
        clock.NowMs.ShouldBeGreaterThan(515);
    }

    [Fact]
    public async Task A_lower_announced_rate_counts_the_starts_made_before_it()
    {
        var (limiter, _, calls) = Start();
        calls.Calls(10, Quick);
        await calls.RunToEndAsync();

        limiter.Observe(CrossrefPool.Works, "2", "1s", null);
        calls.Calls(3, Quick, firstId: 10);
        await calls.RunToEndAsync();

        // 2 per second from now on, counting the last starts at the old rate (824 and 927 ms).
        var starts = calls.Starts();
        foreach (var later in starts.Skip(10))
        {
            starts.Count(s => s > later - 1000 + 1e-6 && s <= later).ShouldBeLessThanOrEqualTo(2);
        }

        starts[10].ShouldBe(1824, 0.001);
    }

    [Fact]
    public async Task Concurrency_announced_in_the_headers_lets_waiting_requests_in_at_once()
    {
        var (limiter, _, calls) = Start(concurrency: 1, rate: 100);
        calls.Calls(4, TimeSpan.FromMilliseconds(500));
        await calls.RunToAsync(50);
        calls.InFlight.ShouldBe(1);

        limiter.Observe(CrossrefPool.Works, null, null, "3");
        await calls.RunToAsync(100);

        calls.InFlight.ShouldBe(3);
        await calls.RunToEndAsync();
        calls.MaxInFlight.ShouldBe(3);
    }

    [Fact]
    public async Task A_search_counts_against_its_own_rate_and_the_single_record_rate()
    {
        var (_, _, calls) = Start();
        calls.Calls(3, Quick, CrossrefPool.Lists);
        calls.Calls(3, Quick, CrossrefPool.Works, firstId: 3);

        await calls.RunToEndAsync();

        // Searches 3/s: the k-th no earlier than its slot, k x 343.3 ms (timers wake on whole milliseconds); every
        // start, search or not, at least 103 ms from the one before.
        var searches = calls.Starts(CrossrefPool.Lists);
        searches.Select((start, k) => start - k * (1000.0 / 3 * 1.03)).ShouldAllBe(late => late >= -0.001, string.Join(" ", searches));
        Gaps(calls.Starts()).ShouldAllBe(gap => gap >= 103 - 0.001);
    }

    [Fact]
    public async Task A_lease_disposed_twice_frees_one_slot()
    {
        var (limiter, clock, calls) = Start(concurrency: 1, rate: 100);
        var lease = await limiter.AcquireAsync(CrossrefPool.Works);
        lease.Dispose();
        lease.Dispose();
        clock.Advance(TimeSpan.FromMilliseconds(20));
        calls.Calls(3, TimeSpan.FromMilliseconds(100));

        await calls.RunToEndAsync();

        calls.MaxInFlight.ShouldBe(1);
    }

    [Fact]
    public async Task A_third_of_the_budget_spaces_starts_three_times_wider_and_keeps_one_in_flight()
    {
        var (limiter, _, calls) = Start(concurrency: 3);
        limiter.SetShare(new BudgetShare(3, 2));
        calls.Calls(6, TimeSpan.FromMilliseconds(400));

        await calls.RunToEndAsync();

        // 10/s shared by three: 3.33/s each, 309 ms apart; 3 at once shared by three: one each.
        Gaps(calls.Starts()).ShouldAllBe(gap => gap >= 309 - 0.001, string.Join(" ", calls.Starts()));
        calls.MaxInFlight.ShouldBe(1);
        MostInAnyWindow(calls.Starts(), 1000).ShouldBeLessThanOrEqualTo(4);
    }

    [Fact]
    public async Task A_share_given_back_when_an_instance_leaves_speeds_up_the_waiting_requests()
    {
        var (limiter, _, calls) = Start(concurrency: 3);
        limiter.SetShare(new BudgetShare(2, 0));
        calls.Calls(12, Quick);
        await calls.RunToAsync(500);
        var before = calls.Starts();

        limiter.SetShare(BudgetShare.Whole);
        await calls.RunToEndAsync();

        // Half the rate until 500 ms: 206 ms apart, on this instance's slots of the shared grid. The requests in
        // flight keep the slots they reserved at that spacing; every later one is 103 ms after the one before.
        var starts = calls.Starts();
        before.Count.ShouldBeGreaterThanOrEqualTo(2);
        Gaps(before).ShouldAllBe(gap => Math.Abs(gap - 206) <= 1, string.Join(" ", starts));
        Gaps([.. starts.TakeLast(6)]).ShouldAllBe(gap => Math.Abs(gap - 103) <= 1, string.Join(" ", starts));
    }

    [Theory]
    [InlineData(2, 10, 3, 103)]
    [InlineData(3, 5, 3, 206)]
    [InlineData(3, 10, 1, 103)]
    public async Task Instances_sharing_the_budget_start_on_one_grid_as_a_single_limiter_would(int instances, double rate, int concurrency, double spacing)
    {
        var clock = new SteppedClock();
        var limiters = Enumerable.Range(0, instances).Select(rank =>
        {
            var limiter = new CrossrefRateLimiter(
                new CrossrefOptions { RequestsPerSecond = rate, MaxConcurrentRequests = concurrency, RateSafetyMargin = 0.03 }, clock);
            limiter.MarkAnswered();
            limiter.SetShare(new BudgetShare(instances, rank));
            return limiter;
        }).ToArray();
        var calls = new LimiterHarness(clock, limiters);
        for (var rank = 0; rank < instances; rank++)
        {
            calls.Calls(8, Quick, firstId: rank * 100, on: rank);
        }

        await calls.RunToEndAsync();

        // Every instance busy: together their starts are one spacing apart (whole milliseconds, as timers wake),
        // never more than the rate in any second, although no instance sees another's starts.
        var starts = calls.Starts().Order().ToList();
        starts.Count.ShouldBe(8 * instances);
        Gaps(starts).ShouldAllBe(gap => gap >= spacing - 1 && gap <= spacing + 1, string.Join(" ", starts));
        MostInAnyWindow(starts, 1000).ShouldBeLessThanOrEqualTo((int)rate);
    }
}

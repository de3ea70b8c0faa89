using System.Diagnostics;
using Enrichment.Core.Crossref;
using Enrichment.Testing;
using static Enrichment.Core.Tests.Crossref.CrossrefTestSupport;
using Enrichment.Core.Identifiers;

namespace Enrichment.Core.Tests.Crossref;

public sealed class CrossrefClientTests : IAsyncLifetime
{
    private const string Known = "10.1234/known.1";
    private FakeCrossref _fake = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeCrossref.StartAsync();
        _fake.AddWork(Work(Known));
    }

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task Returns_the_work_message_for_a_known_DOI()
    {
        var result = await Client(FastOptions(_fake.BaseUrl)).GetWorkAsync(Doi.Parse(Known.ToUpperInvariant()));

        result.Found.ShouldBeTrue();
        result.ParseMessage().GetProperty("DOI").GetString().ShouldBe(Known);
        _fake.CallsFor(Known).ShouldBe(1);
    }

    [Fact]
    public async Task Answers_not_found_for_a_404_without_retrying()
    {
        var result = await Client(FastOptions(_fake.BaseUrl)).GetWorkAsync(Doi.Parse("10.1234/missing"));

        result.Found.ShouldBeFalse();
        _fake.CallsFor("10.1234/missing").ShouldBe(1);
    }

    [Fact]
    public async Task Asks_in_the_polite_pool_with_mailto_in_user_agent_and_query()
    {
        await Client(FastOptions(_fake.BaseUrl)).GetWorkAsync(Doi.Parse(Known));

        _fake.UserAgents.Single().ShouldContain("mailto:tests@example.org");
        _fake.QueryStrings.Single().ShouldContain("mailto=tests%40example.org");
    }

    [Theory]
    [InlineData("10.1/../../members")]
    [InlineData("10.1/x?rows=1000")]
    [InlineData("10.1/x#fragment")]
    [InlineData("10.1/a/b/c")]
    public async Task A_crafted_DOI_reaches_only_its_own_works_path(string text)
    {
        var doi = Doi.Parse(text);

        (await Client(FastOptions(_fake.BaseUrl)).GetWorkAsync(doi)).Found.ShouldBeFalse();

        _fake.CallsFor(doi.Value).ShouldBe(1);
        _fake.OtherCalls.ShouldBe(0);
        _fake.SearchCalls.ShouldBe(0);
    }

    [Fact]
    public async Task Refuses_the_empty_DOI_which_would_list_every_work()
    {
        await Should.ThrowAsync<ArgumentException>(() => Client(FastOptions(_fake.BaseUrl)).GetWorkAsync(default));
        _fake.TotalCalls.ShouldBe(0);
    }

    [Theory]
    [InlineData(FakeFault.ServiceUnavailable)]
    [InlineData(FakeFault.InternalServerError)]
    [InlineData(FakeFault.Hang)]
    [InlineData(FakeFault.CutOff)]
    [InlineData(FakeFault.TooManyRequests)]
    public async Task Retries_a_transient_failure_and_then_succeeds(FakeFault fault)
    {
        _fake.RetryAfterSeconds = 0;
        _fake.Script(Known, fault, fault);
        var options = FastOptions(_fake.BaseUrl);
        options.Timeout = fault == FakeFault.Hang ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(10);

        var result = await Client(options).GetWorkAsync(Doi.Parse(Known));

        result.Found.ShouldBeTrue();
        _fake.CallsFor(Known).ShouldBe(3);
    }

    [Fact]
    public async Task Waits_for_Retry_After_before_asking_again()
    {
        _fake.RetryAfterSeconds = 1;
        _fake.Script(Known, FakeFault.TooManyRequests);
        var clock = new SteppedClock();
        _fake.Clock = clock;
        var client = Client(FastOptions(_fake.BaseUrl), clock);
        var call = client.GetWorkAsync(Doi.Parse(Known));

        // The gap between the two arrivals is the wait the client chose (a late step can only lengthen it).
        await StepUntilDoneAsync(clock, client, [call]);

        (await call).Found.ShouldBeTrue();
        _fake.CallsFor(Known).ShouldBe(2);
        (_fake.Arrivals[1] - _fake.Arrivals[0]).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Gives_up_after_the_last_retry_with_a_retry_after()
    {
        _fake.RetryAfterSeconds = 0;
        _fake.Script(Known, FakeFault.ServiceUnavailable, FakeFault.ServiceUnavailable, FakeFault.ServiceUnavailable, FakeFault.ServiceUnavailable);
        var options = FastOptions(_fake.BaseUrl);
        options.MaxRetries = 2;

        var error = await Should.ThrowAsync<CrossrefUnavailableException>(() => Client(options).GetWorkAsync(Doi.Parse(Known)));

        error.Message.ShouldContain("503");
        error.RetryAfter.ShouldNotBeNull();
        _fake.CallsFor(Known).ShouldBe(3);
    }

    [Fact]
    public async Task A_Retry_After_longer_than_the_longest_wait_ends_the_call_at_once()
    {
        _fake.RetryAfterSeconds = 120;
        _fake.Script(Known, FakeFault.TooManyRequests);

        var error = await Should.ThrowAsync<CrossrefUnavailableException>(() => Client(FastOptions(_fake.BaseUrl)).GetWorkAsync(Doi.Parse(Known)));

        error.RetryAfter.ShouldBe(TimeSpan.FromSeconds(120));
        _fake.CallsFor(Known).ShouldBe(1);
    }

    [Theory]
    [InlineData(FakeFault.Garbage, "unreadable JSON")]
    [InlineData(FakeFault.Truncated, "unreadable JSON")]
    public async Task A_garbage_body_is_a_clear_error_not_a_crash(FakeFault fault, string expected)
    {
        _fake.Script(Known, fault);

        var error = await Should.ThrowAsync<CrossrefResponseException>(() => Client(FastOptions(_fake.BaseUrl)).GetWorkAsync(Doi.Parse(Known)));

        error.Message.ShouldContain(expected);
        error.Message.ShouldContain(Known);
    }

    [Fact]
    public async Task The_circuit_opens_when_Crossref_is_down_and_fails_fast_until_the_break_is_over()
    {
        _fake.RetryAfterSeconds = 0;
        _fake.Script(Known, FakeFault.ServiceUnavailable, FakeFault.ServiceUnavailable);
        var options = FastOptions(_fake.BaseUrl);
        options.MaxRetries = 0;
        options.BreakAfterConsecutiveFailures = 2;
        options.BreakDuration = TimeSpan.FromMinutes(1);
        var time = new ShiftableTimeProvider();
        var client = Client(options, time);
        var doi = Doi.Parse(Known);

        await Should.ThrowAsync<CrossrefUnavailableException>(() => client.GetWorkAsync(doi));
        await Should.ThrowAsync<CrossrefUnavailableException>(() => client.GetWorkAsync(doi));
        var fast = await Should.ThrowAsync<CrossrefUnavailableException>(() => client.GetWorkAsync(doi));

        fast.Message.ShouldContain("circuit");
        fast.RetryAfter!.Value.ShouldBeGreaterThan(TimeSpan.FromSeconds(50));
        _fake.CallsFor(Known).ShouldBe(2);

        time.Advance(TimeSpan.FromMinutes(2));
        (await client.GetWorkAsync(doi)).Found.ShouldBeTrue();
        _fake.CallsFor(Known).ShouldBe(3);
    }

    [Fact]
    public async Task Adopts_the_rate_limit_Crossref_announces()
    {
        _fake.RateLimit = 40;
        var options = FastOptions(_fake.BaseUrl);
        options.RequestsPerSecond = 2;
        options.RateSafetyMargin = 0;
        var client = Client(options);

        await client.GetWorkAsync(Doi.Parse(Known));

        client.Limiter.SpacingOf(CrossrefPool.Works).ShouldBe(TimeSpan.FromMilliseconds(25));
    }

    [Fact]
    public async Task Keeps_to_the_concurrency_limit_without_a_single_429()
    {
        _fake.ConcurrencyLimit = 2;
        _fake.SendRateLimitHeaders = false;
        _fake.Latency = TimeSpan.FromMilliseconds(50);
        var options = FastOptions(_fake.BaseUrl);
        options.MaxConcurrentRequests = 2;
        options.MaxRetries = 0;
        var client = Client(options);

        await Task.WhenAll(Enumerable.Range(0, 12).Select(i => client.GetWorkAsync(Doi.Parse($"10.1234/c{i}"))));

        _fake.RejectedByLimits.ShouldBe(0);
        _fake.MaxConcurrent.ShouldBe(2);
    }

    [Fact]
    public async Task Keeps_to_the_rate_limit_without_a_single_429()
    {
        // The client and the fake's rate check share one stepped clock (StepUntilDoneAsync): an arrival is at
        // most 1 ms after its start, however loaded the machine is, and the fake's window is 1 ms shorter for it.
        var clock = new SteppedClock();
        _fake.Clock = clock;
        _fake.RateLimit = 20;
        _fake.RateLimitInterval = TimeSpan.FromMilliseconds(999);
        _fake.SendRateLimitHeaders = false; // they speak in whole seconds; the client is given 20/s itself
        var options = FastOptions(_fake.BaseUrl);
        options.RequestsPerSecond = 20;
        options.MaxRetries = 0;
        var client = Client(options, clock);

        var calls = Enumerable.Range(0, 50).Select(i => client.GetWorkAsync(Doi.Parse($"10.1234/r{i}"))).ToList();
        await StepUntilDoneAsync(clock, client, calls);

        _fake.RejectedByLimits.ShouldBe(0, string.Join(" | ", _fake.Rejections));
        calls.ShouldAllBe(c => c.IsCompleted);
        await Task.WhenAll(calls);
        _fake.TotalCalls.ShouldBe(50);
        // Paced, not merely lucky: 50 starts at 20 a second span at least (50 - 20) / 20 s of the clock.
        _fake.ActiveSpan.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1.5));
    }

    [Fact]
    public async Task Searches_with_query_bibliographic_and_returns_the_best_rows_first()
    {
        _fake.AddWork(Work("10.1234/other", "Unrelated matters entirely", "Jones", 1999));
        _fake.AddWork(Work("10.1234/near", "A study of other things", "Smith", 2016));

        var hits = await Client(FastOptions(_fake.BaseUrl)).SearchAsync("Smith 2016 A study of things", rows: 2);

        hits.Length.ShouldBe(2);
        hits[0].Doi.ShouldBe(Doi.Parse(Known));
        hits[0].Score.ShouldBeGreaterThan(hits[1].Score);
        _fake.SearchCalls.ShouldBe(1);
        _fake.QueryStrings.Single().ShouldContain("query.bibliographic=Smith");
        _fake.QueryStrings.Single().ShouldContain("rows=2");
    }

    [Fact]
    public async Task A_garbage_search_answer_is_a_clear_error()
    {
        _fake.ScriptSearch(FakeFault.Garbage);

        var error = await Should.ThrowAsync<CrossrefResponseException>(() => Client(FastOptions(_fake.BaseUrl)).SearchAsync("anything"));

        error.Message.ShouldContain("search");
    }

    /// <summary>
    /// Moves the clock on a millisecond at a time until the calls end, but only when every request the limiter let
    /// start has arrived at the fake: fake time passes while a request is on its way only in the one step that may
    /// slip between that check and a start. Gives up after a minute of real time (the calls then fail the test).
    /// </summary>
    private async Task StepUntilDoneAsync(SteppedClock clock, CrossrefClient client, IReadOnlyList<Task> calls)
    {
        var stuck = Stopwatch.StartNew();
        while (!calls.All(c => c.IsCompleted) && stuck.Elapsed < TimeSpan.FromMinutes(1))
        {
            if (client.Limiter.StartedCount == _fake.ArrivalCount)
            {
                clock.Advance(TimeSpan.FromMilliseconds(1));
            }

            await Task.Yield();
        }
    }
}

using Enrichment.Core.Crossref;

namespace Enrichment.Core.Tests.Crossref;

public sealed class CrossrefRateLimiterTests
{
    [Theory]
    [InlineData("1s", 1000)]
    [InlineData("60s", 60000)]
    [InlineData("1m", 60000)]
    [InlineData("2", 2000)]
    [InlineData("500ms", 500)]
    public void Reads_Crossrefs_interval_header(string text, int expectedMs)
    {
        CrossrefRateLimiter.TryParseInterval(text, out var interval).ShouldBeTrue();
        interval.ShouldBe(TimeSpan.FromMilliseconds(expectedMs));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("-1s")]
    [InlineData("0s")]
    public void Ignores_an_unreadable_interval(string? text) =>
        CrossrefRateLimiter.TryParseInterval(text, out _).ShouldBeFalse();

    [Fact]
    public void Starts_from_the_polite_pool_and_spaces_by_the_margin()
    {
        var limiter = new CrossrefRateLimiter(new CrossrefOptions { RateSafetyMargin = 0.05 }, TimeProvider.System);

        limiter.SpacingOf(CrossrefPool.Works).ShouldBe(TimeSpan.FromMilliseconds(105));
        limiter.SpacingOf(CrossrefPool.Lists).TotalMilliseconds.ShouldBe(1000.0 / 3 * 1.05, 0.001);
        limiter.ConcurrencyLimit.ShouldBe(3);
    }

    [Fact]
    public void The_public_pool_starts_at_five_per_second_one_at_a_time()
    {
        var limiter = new CrossrefRateLimiter(new CrossrefOptions { RateSafetyMargin = 0 }.UsePublicPoolLimits(), TimeProvider.System);

        limiter.SpacingOf(CrossrefPool.Works).ShouldBe(TimeSpan.FromMilliseconds(200));
        limiter.SpacingOf(CrossrefPool.Lists).ShouldBe(TimeSpan.FromSeconds(1));
        limiter.ConcurrencyLimit.ShouldBe(1);
    }

    [Fact]
    public void Follows_the_headers_of_each_pool_separately()
    {
        var limiter = new CrossrefRateLimiter(new CrossrefOptions { RateSafetyMargin = 0 }, TimeProvider.System);

        limiter.Observe(CrossrefPool.Lists, "2", "1s", "3");

        limiter.SpacingOf(CrossrefPool.Lists).ShouldBe(TimeSpan.FromMilliseconds(500));
        limiter.SpacingOf(CrossrefPool.Works).ShouldBe(TimeSpan.FromMilliseconds(100));
        limiter.ConcurrencyLimit.ShouldBe(3);
    }

    [Fact]
    public void Ignores_headers_when_told_not_to_adapt()
    {
        var limiter = new CrossrefRateLimiter(new CrossrefOptions { RateSafetyMargin = 0, AdaptToRateLimitHeaders = false }, TimeProvider.System);

        limiter.Observe(CrossrefPool.Works, "50", "1s", "50");

        limiter.SpacingOf(CrossrefPool.Works).ShouldBe(TimeSpan.FromMilliseconds(100));
        limiter.ConcurrencyLimit.ShouldBe(3);
    }

    [Fact]
    public void A_429_despite_the_spacing_widens_it_and_a_quiet_run_narrows_it_again()
    {
        var limiter = new CrossrefRateLimiter(new CrossrefOptions { RateSafetyMargin = 0 }, TimeProvider.System);

        limiter.RateLimited();
        limiter.RateLimited();

        limiter.SpacingOf(CrossrefPool.Works).TotalMilliseconds.ShouldBe(104, 0.001);
        for (var i = 0; i < CrossrefRateLimiter.LearnedMarginDecayAnswers; i++)
        {
            limiter.MarkAnswered();
        }

        limiter.SpacingOf(CrossrefPool.Works).TotalMilliseconds.ShouldBe(103, 0.001);
    }

    [Fact]
    public void The_learned_margin_has_a_ceiling()
    {
        var limiter = new CrossrefRateLimiter(new CrossrefOptions { RateSafetyMargin = 0 }, TimeProvider.System);

        for (var i = 0; i < 100; i++)
        {
            limiter.RateLimited();
        }

        limiter.LearnedMargin.ShouldBe(CrossrefRateLimiter.MaxLearnedMargin);
        limiter.SpacingOf(CrossrefPool.Works).TotalMilliseconds.ShouldBe(125, 0.001);
    }

    [Fact]
    public async Task Holds_a_second_caller_until_the_first_lease_is_released()
    {
        var limiter = new CrossrefRateLimiter(new CrossrefOptions { RequestsPerSecond = 1000, MaxConcurrentRequests = 1 }, TimeProvider.System);
        var first = await limiter.AcquireAsync(CrossrefPool.Works);

        var second = limiter.AcquireAsync(CrossrefPool.Works).AsTask();
        await Task.Delay(50);
        second.IsCompleted.ShouldBeFalse();

        first.Dispose();
        (await second).Dispose();
    }

    [Fact]
    public async Task A_cancelled_waiter_gives_its_place_to_the_next()
    {
        var limiter = new CrossrefRateLimiter(new CrossrefOptions { RequestsPerSecond = 1000, MaxConcurrentRequests = 1 }, TimeProvider.System);
        var first = await limiter.AcquireAsync(CrossrefPool.Works);
        using var cancel = new CancellationTokenSource();
        var cancelled = limiter.AcquireAsync(CrossrefPool.Works, cancel.Token).AsTask();
        var third = limiter.AcquireAsync(CrossrefPool.Works).AsTask();

        await cancel.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() => cancelled);
        first.Dispose();

        (await third.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
    }
}

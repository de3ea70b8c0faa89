using Enrichment.Core.Crossref;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Enrichment.Core.Tests.Crossref;

public sealed class CrossrefOptionsTests
{
    [Fact]
    public void Defaults_are_Crossrefs_polite_pool_since_December_2025()
    {
        var options = new CrossrefOptions();

        options.RequestsPerSecond.ShouldBe(10);
        options.SearchRequestsPerSecond.ShouldBe(3);
        options.MaxConcurrentRequests.ShouldBe(3);
        options.AdaptToRateLimitHeaders.ShouldBeTrue();
    }

    [Fact]
    public void The_public_pool_is_five_per_second_searches_one_per_second_one_at_a_time()
    {
        var options = new CrossrefOptions().UsePublicPoolLimits();

        options.RequestsPerSecond.ShouldBe(5);
        options.SearchRequestsPerSecond.ShouldBe(1);
        options.MaxConcurrentRequests.ShouldBe(1);
    }

    [Fact]
    public void Record_retry_defaults_are_the_pipelines()
    {
        var options = new CrossrefOptions();

        options.RecordMaxAttempts.ShouldBe(6);
        options.RecordRetryDelay.ShouldBe(TimeSpan.FromSeconds(5));
        options.RecordRetryMaxDelay.ShouldBe(TimeSpan.FromMinutes(10));
        options.RecordGiveUpAfter.ShouldBe(TimeSpan.FromHours(6));
        options.MaxQueryChars.ShouldBe(300);
    }

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 10)]
    [InlineData(3, 20)]
    [InlineData(7, 320)]
    [InlineData(8, 600)]
    [InlineData(40, 600)]
    public void A_records_wait_doubles_from_the_first_delay_up_to_the_longest(int attempt, int seconds) =>
        new CrossrefOptions().RecordRetryDelayFor(attempt).ShouldBe(TimeSpan.FromSeconds(seconds));

    [Fact]
    public void A_records_wait_is_Crossrefs_Retry_After_when_longer_but_never_past_the_longest()
    {
        var options = new CrossrefOptions();

        options.RecordRetryDelayFor(1, TimeSpan.FromSeconds(90)).ShouldBe(TimeSpan.FromSeconds(90));
        options.RecordRetryDelayFor(3, TimeSpan.FromSeconds(1)).ShouldBe(TimeSpan.FromSeconds(20));
        options.RecordRetryDelayFor(1, TimeSpan.FromHours(2)).ShouldBe(TimeSpan.FromMinutes(10));
    }

    [Theory]
    [InlineData(1, 0.0, 500)]
    [InlineData(1, 1.0, 1000)]
    [InlineData(3, 0.5, 3000)]
    [InlineData(10, 1.0, 30000)]
    public void A_requests_retry_waits_the_same_doubling_with_equal_jitter(int retry, double random, int milliseconds) =>
        new CrossrefOptions().RetryDelayFor(retry, random).ShouldBe(TimeSpan.FromMilliseconds(milliseconds));

    [Theory]
    [InlineData("Crossref:RecordMaxAttempts", "0")]
    [InlineData("Crossref:RecordRetryDelay", "02:00:00")]
    [InlineData("Crossref:RecordRetryMaxDelay", "-00:00:01")]
    [InlineData("Crossref:RecordGiveUpAfter", "8.00:00:00")]
    [InlineData("Crossref:MaxQueryChars", "5")]
    [InlineData("Crossref:BreakAfterConsecutiveFailures", "1")]
    [InlineData("Crossref:BreakDuration", "00:00:00.100")]
    public void Refuses_a_retry_or_limit_setting_out_of_range(string key, string value)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new("Crossref:Mailto", "someone@example.org"), new(key, value)])
            .Build();
        using var services = new ServiceCollection().AddCrossref(configuration).BuildServiceProvider();

        Should.Throw<OptionsValidationException>(() => services.GetRequiredService<IOptions<CrossrefOptions>>().Value);
    }
}

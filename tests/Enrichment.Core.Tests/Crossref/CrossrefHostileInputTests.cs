using Enrichment.Core.Crossref;
using Enrichment.Core.Enrichment;
using Enrichment.Core.Identifiers;
using Enrichment.Core.Records;
using Enrichment.Testing;
using static Enrichment.Core.Tests.Crossref.CrossrefTestSupport;

namespace Enrichment.Core.Tests.Crossref;

/// <summary>One record's trouble is that record's error: never the circuit every caller shares, never 100 MB of log.</summary>
public sealed class CrossrefHostileInputTests : IAsyncLifetime
{
    private const string Known = "10.1234/known.1";
    private static readonly string FiveMegabyteTitle = string.Join(' ', Enumerable.Repeat("fire ecology of the boreal forest", 5 * 1024 * 1024 / 34));
    private FakeCrossref _fake = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeCrossref.StartAsync();
        _fake.AddWork(Work(Known));
    }

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    /// <summary>Fast retries, but the circuit's real thresholds (5 failures in a row, a 30 s break).</summary>
    private CrossrefOptions RealCircuit()
    {
        var options = FastOptions(_fake.BaseUrl);
        var defaults = new CrossrefOptions();
        options.BreakAfterConsecutiveFailures = defaults.BreakAfterConsecutiveFailures;
        options.BreakDuration = defaults.BreakDuration;
        return options;
    }

    private static Reference Record(string title) =>
        new Reference { Id = "huge", Type = "article-journal" }
            .With("title", title)
            .WithNames("author", [new PersonName { Family = "Ash", Given = "Ann" }])
            .WithDate("issued", DateValue.FromParts(2016));

    private IEnumerable<string> QueriesSent() =>
        _fake.QueryStrings.Select(q => System.Web.HttpUtility.ParseQueryString(q)["query.bibliographic"]).OfType<string>();

    [Fact]
    public void The_query_is_cut_at_a_word_boundary_and_keeps_author_and_year()
    {
        var query = ReferenceMatcher.BuildQuery(Record(FiveMegabyteTitle)).ShouldNotBeNull();

        query.Length.ShouldBeLessThanOrEqualTo(CrossrefQuery.DefaultMaxChars);
        query.ShouldStartWith("fire ecology of the boreal forest fire");
        query.ShouldEndWith(" ash 2016");
        query.ShouldNotContain("  ");
    }

    [Theory]
    [InlineData("short title", 300, "short title")]
    [InlineData("alpha beta gamma", 12, "alpha beta")]
    [InlineData("abcdefghijklmnop", 5, "abcde")]
    public void Caps_text_at_the_last_word_boundary(string text, int max, string expected) =>
        CrossrefQuery.Cap(text, max).ShouldBe(expected);

    [Fact]
    public async Task A_5_MB_title_never_opens_the_circuit_and_the_query_sent_is_capped()
    {
        var client = Client(RealCircuit());
        var matcher = new ReferenceMatcher(client);

        for (var i = 0; i < 12; i++)
        {
            await matcher.MatchAsync(Record(FiveMegabyteTitle));
            await client.SearchAsync(FiveMegabyteTitle);
        }

        client.CircuitIsOpen.ShouldBeFalse();
        _fake.SearchCalls.ShouldBe(24);
        QueriesSent().Count().ShouldBe(24);
        QueriesSent().ShouldAllBe(q => q.Length <= CrossrefQuery.DefaultMaxChars);
        (await client.GetWorkAsync(Doi.Parse(Known))).Found.ShouldBeTrue();
    }

    [Fact]
    public async Task A_request_too_long_to_send_is_the_records_error_and_makes_no_call()
    {
        var options = RealCircuit();
        options.MaxQueryChars = 2000;
        options.MaxRequestUriChars = 1000;
        var client = Client(options);

        for (var i = 0; i < 12; i++)
        {
            var error = await Should.ThrowAsync<CrossrefRequestRejectedException>(() => client.SearchAsync(FiveMegabyteTitle));

            // The pipeline fails the record on a CrossrefResponseException; it waits (re-queues) only on "unavailable".
            error.ShouldBeAssignableTo<CrossrefResponseException>();
            error.Message.Length.ShouldBeLessThan(400);
        }

        _fake.TotalCalls.ShouldBe(0);
        client.CircuitIsOpen.ShouldBeFalse();
    }

    [Fact]
    public async Task A_414_from_Crossref_is_the_records_error_is_not_retried_and_never_counts_against_the_circuit()
    {
        // Past Kestrel's 8 KB request line, as a real server refuses: 2,000 characters that each encode to six.
        var options = RealCircuit();
        options.MaxQueryChars = 2000;
        options.MaxRequestUriChars = 65536;
        var logger = new CapturingLogger<CrossrefClient>();
        var client = Client(options, logger: logger);
        var query = new string('\u00e9', 2000);

        for (var i = 0; i < 12; i++)
        {
            var error = await Should.ThrowAsync<CrossrefRequestRejectedException>(() => client.SearchAsync(query));
            error.Message.ShouldContain("414");
        }

        client.CircuitIsOpen.ShouldBeFalse();
        (await client.GetWorkAsync(Doi.Parse(Known))).Found.ShouldBeTrue();
        logger.Lines.ShouldAllBe(line => line.Length < 1000);
    }

    [Fact]
    public async Task Crossref_really_down_still_opens_the_circuit_with_the_same_thresholds()
    {
        _fake.RetryAfterSeconds = 0;
        _fake.Script(Known, Enumerable.Repeat(FakeFault.ServiceUnavailable, 5).ToArray());
        var options = RealCircuit();
        options.MaxRetries = 4;
        var client = Client(options);

        var outage = await Should.ThrowAsync<CrossrefUnavailableException>(() => client.GetWorkAsync(Doi.Parse(Known)));
        var fast = await Should.ThrowAsync<CrossrefUnavailableException>(() => client.GetWorkAsync(Doi.Parse(Known)));

        outage.CircuitOpen.ShouldBeFalse();
        fast.CircuitOpen.ShouldBeTrue();
        fast.RetryAfter!.Value.ShouldBeGreaterThan(TimeSpan.FromSeconds(25));
        client.CircuitIsOpen.ShouldBeTrue();
        _fake.CallsFor(Known).ShouldBe(5);
    }

    [Fact]
    public async Task A_run_of_429s_never_opens_the_circuit()
    {
        _fake.RetryAfterSeconds = 0;
        _fake.Script(Known, Enumerable.Repeat(FakeFault.TooManyRequests, 8).ToArray());
        var options = RealCircuit();
        options.MaxRetries = 10;
        var client = Client(options);

        (await client.GetWorkAsync(Doi.Parse(Known))).Found.ShouldBeTrue();

        client.CircuitIsOpen.ShouldBeFalse();
        _fake.CallsFor(Known).ShouldBe(9);
    }

    [Fact]
    public async Task Logs_of_a_huge_query_that_fails_and_is_retried_stay_short()
    {
        _fake.RetryAfterSeconds = 0;
        _fake.ScriptSearch(FakeFault.ServiceUnavailable, FakeFault.CutOff, FakeFault.ServiceUnavailable, FakeFault.ServiceUnavailable);
        var logger = new CapturingLogger<CrossrefClient>();
        var client = Client(RealCircuit(), logger: logger);

        var error = await Should.ThrowAsync<CrossrefUnavailableException>(() => client.SearchAsync(FiveMegabyteTitle));

        logger.Lines.Count.ShouldBeGreaterThanOrEqualTo(4);
        logger.Lines.ShouldAllBe(line => line.Length < 1000);
        logger.Lines.ShouldContain(line => line.Contains("(300 chars)") || line.Contains(" chars)"));
        error.Message.Length.ShouldBeLessThan(1000);
        _fake.SearchCalls.ShouldBe(4);
    }
}

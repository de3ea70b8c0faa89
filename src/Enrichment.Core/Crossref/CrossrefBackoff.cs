namespace Enrichment.Core.Crossref;

/// <summary>
/// The one backoff formula for Crossref, used by both layers that wait for it: the client between attempts of one
/// request (<see cref="Agencies.AgencyOptions.RetryBaseDelay"/>, with jitter) and the pipeline between deliveries of one
/// record (<see cref="CrossrefOptions.RecordRetryDelay"/>, through <see cref="CrossrefOptions.RecordRetryDelayFor"/>).
/// </summary>
public static class CrossrefBackoff
{
    /// <summary>
    /// <paramref name="first"/> x 2^(attempt - 1), at most <paramref name="max"/>: the wait after the
    /// <paramref name="attempt"/>-th failed attempt (1-based), so 1 s, 2 s, 4 s, ... for a first delay of 1 s.
    /// </summary>
    public static TimeSpan Exponential(int attempt, TimeSpan first, TimeSpan max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(first, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, TimeSpan.Zero);

        // 2^30 times any first delay already exceeds every sensible cap; the exponent stops there (no overflow).
        var step = first.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30));
        return step >= max.TotalMilliseconds ? max : TimeSpan.FromMilliseconds(step);
    }

    /// <summary>
    /// Equal jitter: half of <paramref name="delay"/> fixed, half scaled by <paramref name="random"/> (0 to 1), so
    /// callers that failed together do not retry together, and none waits less than half the step.
    /// </summary>
    public static TimeSpan WithEqualJitter(TimeSpan delay, double random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(random, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(random, 1);
        return delay / 2 + delay / 2 * random;
    }
}

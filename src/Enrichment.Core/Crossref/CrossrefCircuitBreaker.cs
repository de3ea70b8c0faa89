namespace Enrichment.Core.Crossref;

/// <summary>
/// Opens after a run of consecutive failed attempts (Crossref down), fails fast while open so queue messages go
/// back to wait rather than burning their dequeue count, and lets one probe through when the break is over.
/// 429s do not count: they mean "slower", not "down", and the limiter handles them.
/// </summary>
internal sealed class CrossrefCircuitBreaker(int threshold, TimeSpan breakDuration, TimeProvider time)
{
    private readonly Lock _gate = new();
    private int _consecutiveFailures;
    private DateTimeOffset _openUntil = DateTimeOffset.MinValue;
    private bool _probing;

    public bool IsOpen
    {
        get { lock (_gate) { return _openUntil > time.GetUtcNow() || _probing; } }
    }

    /// <summary>
    /// Throws <see cref="CrossrefUnavailableException"/> while open; after the break, admits one probe and
    /// returns true for it (its caller must record an outcome or <see cref="AbandonProbe"/>).
    /// </summary>
    public bool ThrowIfOpen()
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (_openUntil == DateTimeOffset.MinValue)
            {
                return false;
            }

            if (now < _openUntil)
            {
                throw Open(_openUntil - now);
            }

            if (_probing)
            {
                throw Open(breakDuration);
            }

            _probing = true;
            return true;
        }
    }

    /// <summary>The probe ended without an answer either way (cancelled): let the next caller probe.</summary>
    public void AbandonProbe()
    {
        lock (_gate)
        {
            _probing = false;
        }
    }

    public void RecordSuccess()
    {
        lock (_gate)
        {
            _consecutiveFailures = 0;
            _openUntil = DateTimeOffset.MinValue;
            _probing = false;
        }
    }

    public void RecordFailure()
    {
        lock (_gate)
        {
            _consecutiveFailures++;
            if (_probing || _consecutiveFailures >= threshold)
            {
                _openUntil = time.GetUtcNow() + breakDuration;
                _probing = false;
            }
        }
    }

    private static CrossrefUnavailableException Open(TimeSpan retryAfter) =>
        new($"Crossref circuit is open after repeated failures; not calling it for {retryAfter.TotalSeconds:0.#} s", retryAfter) { CircuitOpen = true };
}

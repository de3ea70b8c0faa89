using Enrichment.Core.Crossref;
using Microsoft.Extensions.Time.Testing;

namespace Enrichment.Core.Tests.Crossref;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that counts its armed timers, so a test knows when every caller is parked on the
/// fake clock (or in the limiter's queue) and only then moves time on. Task.Delay runs its continuation on the
/// thread pool, so without this a step could overtake a caller that has not yet acted on the previous one.
/// </summary>
internal sealed class SteppedClock : TimeProvider
{
    private readonly FakeTimeProvider _fake = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private int _armed;

    public long Origin { get; } = 0;

    public SteppedClock() => Origin = _fake.GetTimestamp();

    public int ArmedTimers => Volatile.Read(ref _armed);

    /// <summary>Milliseconds since the clock was made.</summary>
    public double NowMs => (GetTimestamp() - Origin) * 1000.0 / TimestampFrequency;

    public void Advance(TimeSpan by) => _fake.Advance(by);

    public override DateTimeOffset GetUtcNow() => _fake.GetUtcNow();

    public override long GetTimestamp() => _fake.GetTimestamp();

    public override long TimestampFrequency => _fake.TimestampFrequency;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new CountedTimer(this);
        timer.Arm(dueTime, () => timer.Inner = _fake.CreateTimer(s => { timer.Fired(); callback(s); }, state, dueTime, period));
        return timer;
    }

    /// <summary>
    /// Counts as armed only once the fake clock holds its due time. Task.Delay may create a timer with no due time
    /// and set it with Change afterwards: counted at creation, a step between the two would delay it by that step.
    /// </summary>
    private sealed class CountedTimer(SteppedClock owner) : ITimer
    {
        private readonly Lock _gate = new();
        private bool _armed;
        private bool _firedWhileArming;

        public ITimer Inner { get; set; } = null!;

        public void Arm(TimeSpan dueTime, Action register)
        {
            Disarm();
            lock (_gate)
            {
                _firedWhileArming = false;
            }

            register();
            lock (_gate)
            {
                if (dueTime != Timeout.InfiniteTimeSpan && !_firedWhileArming && !_armed)
                {
                    _armed = true;
                    Interlocked.Increment(ref owner._armed);
                }
            }
        }

        public void Fired()
        {
            lock (_gate)
            {
                _firedWhileArming = true;
            }

            Disarm();
        }

        public void Disarm()
        {
            lock (_gate)
            {
                if (_armed)
                {
                    _armed = false;
                    Interlocked.Decrement(ref owner._armed);
                }
            }
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var changed = false;
            Arm(dueTime, () => changed = Inner.Change(dueTime, period));
            return changed;
        }

        public void Dispose()
        {
            Disarm();
            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Disarm();
            return Inner.DisposeAsync();
        }
    }
}

/// <summary>Callers of one limiter on a <see cref="SteppedClock"/>: when each started, how many were in flight at once.</summary>
internal sealed class LimiterHarness(SteppedClock clock, params CrossrefRateLimiter[] limiters)
{
    public LimiterHarness(CrossrefRateLimiter limiter, SteppedClock clock)
        : this(clock, [limiter])
    {
    }

    private readonly Lock _gate = new();
    private readonly List<(int Id, double AtMs, CrossrefPool Pool)> _starts = [];
    private readonly List<Task> _callers = [];
    private int _acquiring;
    private int _holding;
    private int _inFlight;

    public int MaxInFlight { get; private set; }

    public int InFlight { get { lock (_gate) { return _inFlight; } } }

    /// <summary>Start times in milliseconds of the fake clock, in order of start.</summary>
    public List<double> Starts(CrossrefPool? pool = null)
    {
        lock (_gate)
        {
            return [.. _starts.Where(s => pool is null || s.Pool == pool).Select(s => s.AtMs)];
        }
    }

    public double StartOf(int id)
    {
        lock (_gate)
        {
            return _starts.Single(s => s.Id == id).AtMs;
        }
    }

    public bool AllDone => _callers.TrueForAll(c => c.IsCompleted);

    /// <summary>A caller that acquires, holds the lease for <paramref name="hold"/> of fake time (its round trip), and releases.</summary>
    public void Call(int id, TimeSpan hold, CrossrefPool pool = CrossrefPool.Works, int on = 0)
    {
        lock (_gate)
        {
            _acquiring++;
        }

        _callers.Add(RunAsync(limiters[on], id, hold, pool));
    }

    public void Calls(int count, TimeSpan hold, CrossrefPool pool = CrossrefPool.Works, int firstId = 0, int on = 0)
    {
        for (var i = 0; i < count; i++)
        {
            Call(firstId + i, hold, pool, on);
        }
    }

    private async Task RunAsync(CrossrefRateLimiter limiter, int id, TimeSpan hold, CrossrefPool pool)
    {
        using (await limiter.AcquireAsync(pool).ConfigureAwait(false))
        {
            lock (_gate)
            {
                _acquiring--;
                _holding++;
                _inFlight++;
                MaxInFlight = Math.Max(MaxInFlight, _inFlight);
                _starts.Add((id, clock.NowMs, pool));
            }

            await Task.Delay(hold, clock).ConfigureAwait(false);
            lock (_gate)
            {
                _inFlight--;
            }
        }

        // Only now, with the slot handed on, is this caller parked (done).
        lock (_gate)
        {
            _holding--;
        }
    }

    /// <summary>
    /// Waits (real time) until every caller is parked: each one holding or acquiring has exactly one armed timer,
    /// except those queued for a slot in flight.
    /// </summary>
    public async Task SettleAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        var stable = 0;
        while (stable < 2)
        {
            int expected;
            lock (_gate)
            {
                expected = _holding + _acquiring - limiters.Sum(l => l.QueuedCount);
            }

            if (clock.ArmedTimers == expected || AllDone)
            {
                stable++;
            }
            else
            {
                stable = 0;
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"callers never settled: {clock.ArmedTimers} timers armed, {expected} expected");
                }
            }

            await Task.Yield();
        }
    }

    /// <summary>Steps the clock by <paramref name="step"/>, letting every caller act after each step, until <paramref name="untilMs"/> ms.</summary>
    public async Task RunToAsync(double untilMs, TimeSpan? step = null)
    {
        var by = step ?? TimeSpan.FromMilliseconds(1);
        await SettleAsync();
        while (clock.NowMs < untilMs - 1e-6)
        {
            clock.Advance(by);
            await SettleAsync();
        }
    }

    /// <summary>Steps until every caller is done (at most <paramref name="limitMs"/> of fake time).</summary>
    public async Task RunToEndAsync(double limitMs = 60_000)
    {
        await SettleAsync();
        while (!AllDone)
        {
            if (clock.NowMs > limitMs)
            {
                throw new TimeoutException($"callers still running at {clock.NowMs} ms");
            }

            clock.Advance(TimeSpan.FromMilliseconds(1));
            await SettleAsync();
        }

        await Task.WhenAll(_callers);
    }

    /// <summary>The most starts inside any window of <paramref name="windowMs"/> (half-open: a start exactly one window later is a new window).</summary>
    public static int MostInAnyWindow(IReadOnlyList<double> starts, double windowMs)
    {
        var most = 0;
        for (var i = 0; i < starts.Count; i++)
        {
            most = Math.Max(most, starts.Count(s => s >= starts[i] && s < starts[i] + windowMs - 1e-6));
        }

        return most;
    }
}

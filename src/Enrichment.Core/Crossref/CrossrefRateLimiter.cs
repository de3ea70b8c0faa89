using System.Globalization;
using Enrichment.Core.Agencies;
using Enrichment.Core.Budget;

namespace Enrichment.Core.Crossref;

/// <summary>Which of Crossref's limits a request falls under.</summary>
internal enum CrossrefPool
{
    /// <summary>Single-record lookups (<c>/works/{doi}</c>).</summary>
    Works,

    /// <summary>List and search queries (<c>/works?query...</c>): paced by their own, slower rate as well.</summary>
    Lists,
}

/// <summary>
/// Keeps every request inside Crossref's rate and concurrency limits: at most N in flight, and request starts
/// spaced evenly (interval / limit, plus a safety margin) so no window ever sees more than the limit, even with
/// jitter. The limits adapt to the <c>X-Rate-Limit-*</c> headers of each answer, and a 429's Retry-After pauses
/// every request, not just the one that got it. Until the first answer arrives (and with it Crossref's figures,
/// and a warmed-up process) only one request is in flight, so a cold start cannot send a burst.
/// </summary>
/// <remarks>
/// Hand-written on purpose: System.Threading.RateLimiting's limiters (and Polly's rate limiter strategy over them)
/// fix their limits at construction and keep time on their own clock (no TimeProvider in their options), so they can
/// neither adopt the limits in Crossref's headers without dropping their queue and window, nor pause everyone for a
/// 429's Retry-After, nor count a slow round trip against the window, nor be proved on a fake clock.
/// </remarks>
internal sealed class CrossrefRateLimiter
{
    private readonly TimeProvider _time;
    private readonly double _safetyMargin;
    private readonly double _stallAllowance;
    private double _learnedMargin;
    private int _answersSinceRateLimited;
    private readonly bool _adapt;
    private readonly Lock _gate = new();
    private readonly Queue<TaskCompletionSource> _waiters = new();
    private readonly Pacer _works;
    private readonly Pacer _lists;
    private int _concurrencyLimit;
    private int _inFlight;
    private long _startedCount;
    private bool _answered;
    private readonly Queue<long> _roundTrips = new();
    private long _quickestRoundTrip;
    private long _pausedUntil;
    private BudgetShare _share = BudgetShare.Whole;
    private ISharedSlots? _slots;
    private long _slotsDownUntil;

    /// <summary>After the shared schedule failed to answer, how long to pace by the local share before asking it again.</summary>
    internal static readonly TimeSpan SharedSlotsRetryAfter = TimeSpan.FromSeconds(5);

    public CrossrefRateLimiter(AgencyOptions options, TimeProvider time)
    {
        _time = time;
        _safetyMargin = options.RateSafetyMargin;
        _stallAllowance = options.RateStallAllowance;
        _adapt = options.AdaptToRateLimitHeaders;
        _concurrencyLimit = options.MaxConcurrentRequests;
        _works = new Pacer();
        _lists = new Pacer();
        _works.Set(options.RequestsPerSecond, TimeSpan.FromSeconds(1), _safetyMargin);
        _lists.Set(options.ListRequestsPerSecond, TimeSpan.FromSeconds(1), _safetyMargin);
    }

    /// <summary>The current request spacing of a pool.</summary>
    public TimeSpan SpacingOf(CrossrefPool pool) => PacerOf(pool).Spacing;

    /// <summary>The concurrency limit this process may use: its share of Crossref's (or the configured) limit.</summary>
    public int ConcurrencyLimit
    {
        get { lock (_gate) { return _share.ConcurrencyOf(_concurrencyLimit); } }
    }

    /// <summary>
    /// Takes <paramref name="share"/> of the limits (other instances use the rest): its part of the concurrency
    /// always; and 1/N of the rate, on a grid drawn from the wall clock, whenever no shared schedule paces the starts
    /// (none given, or out of reach). Limits announced later are shared the same way.
    /// </summary>
    public void SetShare(BudgetShare share)
    {
        lock (_gate)
        {
            if (share == _share)
            {
                return;
            }

            _share = share;
            ApplyRateFraction(_time.GetTimestamp());
            WakeWaiters();
        }
    }

    /// <summary>From now on each start takes its slot from <paramref name="slots"/> (schedules <c>{name}-works</c>, <c>{name}-lists</c>).</summary>
    public void UseSharedSlots(ISharedSlots slots, string name)
    {
        lock (_gate)
        {
            _slots = slots;
            _works.Schedule = $"{name}-works";
            _lists.Schedule = $"{name}-lists";
            ApplyRateFraction(_time.GetTimestamp());
        }
    }

    /// <summary>True while a shared schedule paces the starts (the local pacers then run at the whole rate).</summary>
    private bool SharedSlotsActive(long now) => _slots is not null && now >= _slotsDownUntil;

    /// <summary>The local pacers' part of the rate: all of it under a shared schedule, else the share's.</summary>
    private void ApplyRateFraction(long now)
    {
        var fraction = SharedSlotsActive(now) ? 1 : _share.RateFraction;
        foreach (var pacer in new[] { _works, _lists })
        {
            if (pacer.Fraction == fraction)
            {
                // Called on every reservation under a shared schedule: nothing to do unless it came or went.
                continue;
            }

            var before = pacer.Spacing;
            pacer.Share(fraction, _safetyMargin + _learnedMargin);
            if (pacer.Spacing > before && pacer.Starts.Count > 0)
            {
                pacer.Next = Math.Max(pacer.Next, pacer.LastStart + ToTicks(pacer.Spacing));
            }
        }
    }

    /// <summary>
    /// Moves a locally reserved start to the shared schedule's slot: the first free one of each pool's schedule at or
    /// after it. Null when the schedule has just proved out of reach: the start must be reserved again by the local
    /// share. Without a schedule (or while it is known to be out of reach) the local reservation stands.
    /// </summary>
    private async ValueTask<TimeSpan?> ReserveSharedAsync(Pacer[] pacers, TimeSpan delay, CancellationToken cancellationToken)
    {
        ISharedSlots slots;
        bool informed;
        lock (_gate)
        {
            if (_slots is null || !SharedSlotsActive(_time.GetTimestamp()))
            {
                return delay;
            }

            slots = _slots;
            informed = _answered;
        }

        DateTimeOffset? slot = _time.GetUtcNow() + delay;
        foreach (var pacer in pacers)
        {
            slot = await slots.ReserveAsync(pacer.Schedule, slot.Value, pacer.Spacing, informed, cancellationToken).ConfigureAwait(false);
            if (slot is null)
            {
                lock (_gate)
                {
                    var now = _time.GetTimestamp();
                    _slotsDownUntil = now + ToTicks(SharedSlotsRetryAfter);
                    ApplyRateFraction(now);
                }

                return null;
            }
        }

        var wait = slot!.Value - _time.GetUtcNow();
        lock (_gate)
        {
            var start = _time.GetTimestamp() + Math.Max(0, ToTicks(wait));
            foreach (var pacer in pacers)
            {
                pacer.Next = Math.Max(pacer.Next, start + ToTicks(pacer.Spacing));
            }
        }

        return wait > TimeSpan.Zero ? WaitFor(ToTicks(wait)) : TimeSpan.Zero;
    }

    /// <summary>Waits for a free slot in flight and then for the pool's next start time. Dispose the lease when done.</summary>
    public async ValueTask<IDisposable> AcquireAsync(CrossrefPool pool, CancellationToken cancellationToken = default)
    {
        await EnterAsync(cancellationToken).ConfigureAwait(false);
        var lease = new Lease(this);
        try
        {
            // Slot after the concurrency gate: requests that queued for a slot in flight must not start in a bunch.
            Pacer[] pacers = pool == CrossrefPool.Lists ? [_lists, _works] : [_works];
            var delay = Reserve(pacers);

            // The schedule just proved out of reach: this start goes by the local share (and its grid) instead.
            delay = await ReserveSharedAsync(pacers, delay, cancellationToken).ConfigureAwait(false) ?? Reserve(pacers);
            while (true)
            {
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                }

                var (started, wait, paused) = TryStart(pacers);
                if (started is not null)
                {
                    lease.Started = started;
                    break;
                }

                // Paused by a 429 since the reservation: take a new slot behind the others rather than start
                // together with everyone who waited. Window full: wait just until it is not.
                delay = paused ? Reserve(pacers) : wait;
            }

            return lease;
        }
        catch
        {
            lease.Dispose();
            throw;
        }
    }

    /// <summary>Stops every request from starting until <paramref name="delay"/> has passed (a 429's Retry-After).</summary>
    public void PauseFor(TimeSpan delay)
    {
        var until = _time.GetTimestamp() + ToTicks(delay);
        lock (_gate)
        {
            _pausedUntil = Math.Max(_pausedUntil, until);

            // After the pause, requests resume one slot apart, not all at once.
            _works.Next = Math.Max(_works.Next, _pausedUntil);
            _lists.Next = Math.Max(_lists.Next, _pausedUntil);
        }
    }

    /// <summary>Adopts the limits Crossref announced in an answer's headers.</summary>
    public void Observe(CrossrefPool pool, string? limit, string? interval, string? concurrency)
    {
        if (!_adapt)
        {
            return;
        }

        if (int.TryParse(limit, NumberStyles.Integer, CultureInfo.InvariantCulture, out var requests) && requests > 0
            && TryParseInterval(interval, out var window))
        {
            lock (_gate)
            {
                var pacer = PacerOf(pool);
                var before = pacer.Spacing;
                pacer.Set(requests, window, _safetyMargin + _learnedMargin);
                if (pacer.Spacing > before && pacer.Starts.Count > 0)
                {
                    // Slower than assumed: slots handed out at the old spacing must not stand.
                    pacer.Next = Math.Max(pacer.Next, pacer.LastStart + ToTicks(pacer.Spacing));
                }
            }
        }

        if (int.TryParse(concurrency, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parallel) && parallel > 0)
        {
            lock (_gate)
            {
                _concurrencyLimit = parallel;
                WakeWaiters();
            }
        }
    }

    /// <summary>Crossref answered (any status): from now on the full concurrency applies.</summary>
    public void MarkAnswered()
    {
        lock (_gate)
        {
            if (!_answered)
            {
                _answered = true;
                WakeWaiters();
            }

            // A long run without a 429 gives back some of the margin learned from one.
            if (_learnedMargin > 0 && ++_answersSinceRateLimited >= LearnedMarginDecayAnswers)
            {
                _answersSinceRateLimited = 0;
                SetLearnedMargin(_learnedMargin - LearnedMarginStep / 2);
            }
        }
    }

    /// <summary>Largest margin a run of 429s can add on top of the configured one.</summary>
    internal const double MaxLearnedMargin = 0.25;

    internal const double LearnedMarginStep = 0.02;

    internal const int LearnedMarginDecayAnswers = 200;

    /// <summary>The margin currently added because requests the limiter spaced well still met a 429.</summary>
    public double LearnedMargin
    {
        get { lock (_gate) { return _learnedMargin; } }
    }

    /// <summary>
    /// Crossref said 429 although the limiter kept to the announced rate: the way to Crossref bunches requests
    /// (jitter) more than the margin absorbs. Widen the spacing a little (and narrow it again after a quiet run).
    /// </summary>
    public void RateLimited()
    {
        lock (_gate)
        {
            _answersSinceRateLimited = 0;
            SetLearnedMargin(_learnedMargin + LearnedMarginStep);
        }
    }

    private void SetLearnedMargin(double learned)
    {
        _learnedMargin = Math.Clamp(learned, 0, MaxLearnedMargin);
        _works.Apply(_safetyMargin + _learnedMargin);
        _lists.Apply(_safetyMargin + _learnedMargin);
    }

    /// <summary>Callers waiting for a slot in flight (tests step a fake clock only while nothing else can move).</summary>
    internal int QueuedCount
    {
        get { lock (_gate) { return _waiters.Count; } }
    }

    /// <summary>Requests let start since the limiter was made.</summary>
    internal long StartedCount
    {
        get { lock (_gate) { return _startedCount; } }
    }

    private int EffectiveConcurrency => _answered ? _share.ConcurrencyOf(_concurrencyLimit) : 1;

    /// <summary>Reads Crossref's interval: <c>1s</c>, <c>60s</c>, <c>1m</c>, or plain seconds.</summary>
    internal static bool TryParseInterval(string? text, out TimeSpan interval)
    {
        interval = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        var unit = TimeSpan.FromSeconds(1);
        if (text.EndsWith("ms", StringComparison.OrdinalIgnoreCase))
        {
            unit = TimeSpan.FromMilliseconds(1);
            text = text[..^2];
        }
        else if (text.EndsWith('s') || text.EndsWith('S'))
        {
            text = text[..^1];
        }
        else if (text.EndsWith('m') || text.EndsWith('M'))
        {
            unit = TimeSpan.FromMinutes(1);
            text = text[..^1];
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var count) || count <= 0 || count > 86_400)
        {
            return false;
        }

        interval = unit * count;
        return true;
    }

    private Pacer PacerOf(CrossrefPool pool) => pool == CrossrefPool.Lists ? _lists : _works;

    private TimeSpan Reserve(Pacer[] pacers)
    {
        var now = _time.GetTimestamp();
        lock (_gate)
        {
            if (_slots is not null)
            {
                // The shared schedule may have come back (or gone) since the last start.
                ApplyRateFraction(now);
            }

            // A pause is in the pools' Next already (PauseFor moves it), so nothing starts before the pause ends.
            var start = now;
            foreach (var pacer in pacers)
            {
                start = Math.Max(start, pacer.Next);
                if (pacer.Starts.Count >= pacer.Count)
                {
                    start = Math.Max(start, WindowFree(pacer, now));
                }
            }

            start = AlignToPhase(start, now);
            foreach (var pacer in pacers)
            {
                pacer.Next = start + ToTicks(pacer.Spacing);
            }

            // A slot in the future is waited for; the window check then runs when it comes. A slot now is checked at once.
            return start > now ? WaitFor(start - now) : TimeSpan.Zero;
        }
    }

    /// <summary>
    /// With the budget shared by N instances, starts fall on a grid every instance draws alike from the wall clock:
    /// single-record slots one spacing (at the whole rate) apart, dealt round the instances by rank, so together
    /// they start as one limiter would, rather than N independent ones whose phases drift into each other and put
    /// more than the limit into one window. Returns the first of this instance's slots at or after
    /// <paramref name="start"/>. Needs clocks agreeing to well within the margin (NTP does; one machine does).
    /// </summary>
    private long AlignToPhase(long start, long now)
    {
        if (_share.Instances == 1 || SharedSlotsActive(now))
        {
            return start;
        }

        var period = _works.Spacing.Ticks;
        var offset = _share.Rank * period / _share.Instances;
        var wallStart = _time.GetUtcNow().UtcTicks + ((start - now) * TimeSpan.TicksPerSecond / _time.TimestampFrequency);
        var position = ((wallStart - offset) % period + period) % period;
        // Within a millisecond past a slot is that slot (tick rounding), not a wait for the next one.
        return position < TimeSpan.TicksPerMillisecond ? start : start + ((period - position) * _time.TimestampFrequency / TimeSpan.TicksPerSecond);
    }

    /// <summary>
    /// The reserved slot has come: start now, unless a pause began since the reservation, or a late-firing timer
    /// would put more than the limit into one window of actual starts (an earlier request that started late,
    /// this one on time).
    /// </summary>
    private (StartEntry? Started, TimeSpan Wait, bool Paused) TryStart(Pacer[] pacers)
    {
        lock (_gate)
        {
            // Read under the lock, so a start's time and its count in StartedCount are one step.
            var now = _time.GetTimestamp();
            if (_pausedUntil > now)
            {
                return (null, TimeSpan.Zero, true);
            }

            var free = now;
            foreach (var pacer in pacers)
            {
                free = Math.Max(free, WindowFree(pacer, now));
            }

            if (free > now)
            {
                return (null, WaitFor(free - now), false);
            }

            var entry = new StartEntry(now);
            _startedCount++;
            foreach (var pacer in pacers)
            {
                pacer.Starts.Enqueue(entry);
                while (pacer.Starts.Count > pacer.Count)
                {
                    pacer.Starts.Dequeue();
                }
            }

            return (entry, TimeSpan.Zero, false);
        }
    }

    /// <summary>
    /// When the window of the last <see cref="Pacer.Count"/> starts allows another. A start that took longer
    /// than the quickest recent round trip may have reached Crossref late, so its excess (capped at
    /// <see cref="AgencyOptions.RateStallAllowance"/> of the interval) counts as if it had started that much later: a stall between our start and Crossref's clock
    /// cannot then squeeze one window too full.
    /// </summary>
    private long WindowFree(Pacer pacer, long now)
    {
        if (pacer.Starts.Count < pacer.Count)
        {
            return now;
        }

        var oldest = pacer.Starts.Peek();
        var cap = ToTicks(pacer.Window * _stallAllowance);
        var excess = Math.Max(0, (oldest.RoundTrip ?? now - oldest.Start) - _quickestRoundTrip);
        return oldest.Start + Math.Min(excess, cap) + ToTicks(pacer.Window);
    }

    /// <summary>A request answered: remember how long it took (the quickest recent round trip is the baseline).</summary>
    private void Completed(StartEntry entry)
    {
        var now = _time.GetTimestamp();
        lock (_gate)
        {
            var roundTrip = now - entry.Start;
            _roundTrips.Enqueue(roundTrip);
            while (_roundTrips.Count > 32)
            {
                _roundTrips.Dequeue();
            }

            _quickestRoundTrip = _roundTrips.Min();
            entry.RoundTrip = roundTrip;
        }
    }

    /// <summary>
    /// A wait of <paramref name="ticks"/>, rounded up to whole milliseconds: Task.Delay truncates to milliseconds,
    /// and a slot 92.99 ms away must not start at 92 ms.
    /// </summary>
    private TimeSpan WaitFor(long ticks) => TimeSpan.FromMilliseconds(Math.Ceiling(Math.Round(ticks * 1000.0 / _time.TimestampFrequency, 6)));

    private long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

    private Task EnterAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource waiter;
        lock (_gate)
        {
            // First come, first served without looking at the queue: whenever a slot frees, WakeWaiters hands it to
            // the queue first, so a free slot here means nobody is queued.
            if (_inFlight < EffectiveConcurrency)
            {
                _inFlight++;
                return Task.CompletedTask;
            }

            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Enqueue(waiter);
        }

        if (!cancellationToken.CanBeCanceled)
        {
            return waiter.Task;
        }

        // If the slot was granted first, TrySetCanceled fails and the caller simply proceeds with it.
        var registration = cancellationToken.Register(() => waiter.TrySetCanceled(cancellationToken));
        return WaitAsync(waiter, registration);
    }

    private async Task WaitAsync(TaskCompletionSource waiter, CancellationTokenRegistration registration)
    {
        await using (registration.ConfigureAwait(false))
        {
            await waiter.Task.ConfigureAwait(false);
        }
    }

    private void Release()
    {
        lock (_gate)
        {
            _inFlight--;
            WakeWaiters();
        }
    }

    private void WakeWaiters()
    {
        while (_inFlight < EffectiveConcurrency && _waiters.TryDequeue(out var next))
        {
            // A cancelled waiter has already left; skip it without taking a slot.
            if (next.TrySetResult())
            {
                _inFlight++;
            }
        }
    }

    /// <summary>One rate: starts spaced by <see cref="Spacing"/>, and never more than <see cref="Count"/> per <see cref="Window"/>.</summary>
    private sealed class Pacer
    {
        public TimeSpan Spacing { get; private set; }

        public int Count { get; private set; } = 1;

        public TimeSpan Window { get; private set; }

        /// <summary>The part of the rate this pacer uses (the rest belongs to other instances).</summary>
        public double Fraction { get; private set; } = 1;

        /// <summary>The shared schedule this pool's starts are taken from (<see cref="UseSharedSlots"/>).</summary>
        public string Schedule { get; set; } = "";

        /// <summary>When the next request may start (reserved slots).</summary>
        public long Next { get; set; }

        /// <summary>The latest actual start.</summary>
        public long LastStart => Starts.Count == 0 ? 0 : Starts.Last().Start;

        /// <summary>The last <see cref="Count"/> actual starts.</summary>
        public Queue<StartEntry> Starts { get; } = new();

        private double _requests = 1;
        private TimeSpan _interval = TimeSpan.FromSeconds(1);

        public void Set(double requests, TimeSpan interval, double margin)
        {
            _requests = requests;
            _interval = interval;
            Apply(margin);
        }

        /// <summary>Uses <paramref name="fraction"/> of the rate (the rest belongs to other instances).</summary>
        public void Share(double fraction, double margin)
        {
            Fraction = fraction;
            Apply(margin);
        }

        public void Apply(double margin)
        {
            var requests = _requests * Fraction;
            Spacing = _interval / requests * (1 + margin);
            Count = Math.Max(1, (int)Math.Floor(requests));

            // The hard limit itself (no margin): the margin is for spacing; this only catches real bunching.
            Window = _interval / requests * Count;
            while (Starts.Count > Count)
            {
                Starts.Dequeue();
            }
        }
    }

    /// <summary>One actual start, and its round trip once answered (compared with the quickest when it matters).</summary>
    private sealed class StartEntry(long start)
    {
        public long Start { get; } = start;

        public long? RoundTrip { get; set; }
    }

    private sealed class Lease(CrossrefRateLimiter owner) : IDisposable
    {
        private int _disposed;

        public StartEntry? Started { get; set; }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                if (Started is not null)
                {
                    owner.Completed(Started);
                }

                owner.Release();
            }
        }
    }
}

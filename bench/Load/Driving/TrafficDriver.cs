using System.Diagnostics;
using OrleansChat.Bench.Load.Measure;

namespace OrleansChat.Bench.Load.Driving;

/// <summary>
/// Sends stamped messages through the clients of a run, phase by phase. Open loop: a fixed rate on a fixed schedule
/// (each message is stamped with its scheduled time, so falling behind counts as latency). Closed loop (saturation):
/// at most <c>window</c> messages in flight, the next sent as soon as one has reached all its recipients. Each
/// phase warms up, measures, then drains; every loop is bounded by its duration.
/// </summary>
internal sealed class TrafficDriver(TrafficRecorder recorder, SenderRotation senders, DriverSettings settings, CpuMeter cpu)
{
    private static readonly TimeSpan PacerTick = TimeSpan.FromMilliseconds(1);

    /// <summary>How often the driver gives up on messages older than the drain timeout (a recipient was cut off).</summary>
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMilliseconds(500);

    private long _lastSweep;

    public async Task<PhaseOutcome> RunOpenLoopAsync(string name, double messagesPerSecond, TimeSpan warmup, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(messagesPerSecond);
        var phase = recorder.NewPhase(name);
        var abandonedBefore = recorder.Tracker.Abandoned;
        var ticksPerMessage = Stopwatch.Frequency / messagesPerSecond;
        var start = Stopwatch.GetTimestamp();
        var measureAt = start + ToTicks(warmup);
        var endAt = measureAt + ToTicks(duration);
        var measuring = false;
        long scheduled = 0;
        while (true)
        {
            var now = Stopwatch.GetTimestamp();
            measuring = BeginMeasuringWhenDue(phase, measuring, now, measureAt);
            if (now >= endAt)
            {
                break;
            }

            SweepWhenDue(now);
            var due = (long)((now - start) / ticksPerMessage) + 1;
            for (; scheduled < due; scheduled++)
            {
                var intended = start + (long)(scheduled * ticksPerMessage);
                if (recorder.Tracker.Incomplete >= settings.MaxInFlight)
                {
                    if (measuring)
                    {
                        phase.OnSkipped();
                    }

                    continue;
                }

                Send(phase, intended, measuring);
            }

            await Task.Delay(PacerTick, cancellationToken).ConfigureAwait(false);
        }

        return await FinishAsync(phase, "open", messagesPerSecond, 0, abandonedBefore, cancellationToken).ConfigureAwait(false);
    }

    public async Task<PhaseOutcome> RunClosedLoopAsync(string name, int window, TimeSpan warmup, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(window);
        var phase = recorder.NewPhase(name);
        var abandonedBefore = recorder.Tracker.Abandoned;
        var start = Stopwatch.GetTimestamp();
        var measureAt = start + ToTicks(warmup);
        var endAt = measureAt + ToTicks(duration);
        var measuring = false;
        recorder.Tracker.UseWindow(window);
        try
        {
            while (true)
            {
                var now = Stopwatch.GetTimestamp();
                measuring = BeginMeasuringWhenDue(phase, measuring, now, measureAt);
                if (now >= endAt)
                {
                    break;
                }

                SweepWhenDue(now);
                var wait = Stopwatch.GetElapsedTime(now, measuring ? endAt : measureAt);
                if (await recorder.Tracker.WaitForSlotAsync(wait < SweepInterval ? wait : SweepInterval, cancellationToken).ConfigureAwait(false))
                {
                    Send(phase, Stopwatch.GetTimestamp(), measuring);
                }
            }
        }
        finally
        {
            recorder.Tracker.ClearWindow();
        }

        return await FinishAsync(phase, "closed", null, window, abandonedBefore, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Queues <paramref name="messages"/> messages at once (round robin over the senders), then measures until all
    /// have reached their recipients or <paramref name="timeout"/> passes.
    /// </summary>
    public async Task<PhaseOutcome> RunBurstAsync(string name, int messages, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var phase = recorder.NewPhase(name);
        var abandonedBefore = recorder.Tracker.Abandoned;
        BeginMeasuringWhenDue(phase, false, 0, 0);
        for (var i = 0; i < messages; i++)
        {
            Send(phase, Stopwatch.GetTimestamp(), measuring: true);
        }

        var until = Stopwatch.GetTimestamp() + ToTicks(timeout);
        while (recorder.Tracker.Incomplete > 0 && Stopwatch.GetTimestamp() < until)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(5), cancellationToken).ConfigureAwait(false);
        }

        return await FinishAsync(phase, "burst", null, 0, abandonedBefore, cancellationToken).ConfigureAwait(false);
    }

    private static long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    private void SweepWhenDue(long now)
    {
        if (now - _lastSweep >= ToTicks(SweepInterval))
        {
            _lastSweep = now;
            recorder.Tracker.AbandonOlderThan(now - ToTicks(settings.DrainTimeout));
        }
    }

    private bool BeginMeasuringWhenDue(PhaseMeasurement phase, bool measuring, long now, long measureAt)
    {
        if (measuring || now < measureAt)
        {
            return measuring;
        }

        cpu.Start();
        recorder.StartMeasuring(phase);
        return true;
    }

    private void Send(PhaseMeasurement phase, long intended, bool measuring)
    {
        if (senders.Next() is not { } sender)
        {
            if (measuring)
            {
                phase.OnSkipped();
            }

            return;
        }

        var index = recorder.Tracker.NextIndex();
        recorder.Tracker.Register(index, sender.Recipients);
        var text = new MessageStamp(intended, phase.Id, index).Format(settings.TextBytes);
        if (!sender.Client.TrySend(sender.RoomId, index, text))
        {
            recorder.Tracker.Cancel(index);
            if (measuring)
            {
                phase.OnSkipped();
            }

            return;
        }

        recorder.Counters.OnSent();
        if (measuring)
        {
            phase.OnSent();
        }
    }

    private async Task<PhaseOutcome> FinishAsync(PhaseMeasurement phase, string mode, double? messagesPerSecond, int window, long abandonedBefore, CancellationToken cancellationToken)
    {
        recorder.StopMeasuring(phase);
        var usage = cpu.Stop();
        var drainUntil = Stopwatch.GetTimestamp() + ToTicks(settings.DrainTimeout);
        while (recorder.Tracker.Incomplete > 0 && Stopwatch.GetTimestamp() < drainUntil)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), cancellationToken).ConfigureAwait(false);
        }

        if (recorder.Tracker.Incomplete > 0)
        {
            recorder.Tracker.AbandonAll();
        }

        var undelivered = recorder.Tracker.Abandoned - abandonedBefore;
        return new PhaseOutcome(phase, mode, messagesPerSecond, window, undelivered, usage);
    }
}

using System.Diagnostics;

namespace OrleansChat.Bench.Load.Measure;

/// <summary>
/// The counters of one load phase. Latency is recorded for messages <em>sent</em> inside the measurement window
/// (whenever they arrive, drain included); throughput counts deliveries <em>received</em> inside it.
/// </summary>
internal sealed class PhaseMeasurement(int id, string name)
{
    private long _measureStart = long.MaxValue;
    private long _measureEnd = long.MaxValue;
    private long _delivered;
    private long _sent;
    private long _skipped;
    private long _rejected;

    public int Id { get; } = id;

    public string Name { get; } = name;

    public LatencyHistogram Latency { get; } = new();

    public long Delivered => Volatile.Read(ref _delivered);

    public long Sent => Volatile.Read(ref _sent);

    /// <summary>Sends the driver left out: too many messages in flight, or the client's outbox was full.</summary>
    public long Skipped => Volatile.Read(ref _skipped);

    /// <summary>Error frames the server answered sends of this phase with (rate limit, validation).</summary>
    public long Rejected => Volatile.Read(ref _rejected);

    public TimeSpan MeasuredTime => Stopwatch.GetElapsedTime(Volatile.Read(ref _measureStart), Volatile.Read(ref _measureEnd));

    public void StartMeasuring() => Volatile.Write(ref _measureStart, Stopwatch.GetTimestamp());

    public void StopMeasuring() => Volatile.Write(ref _measureEnd, Stopwatch.GetTimestamp());

    private bool IsInWindow(long timestamp) => timestamp >= Volatile.Read(ref _measureStart) && timestamp < Volatile.Read(ref _measureEnd);

    public void OnSent() => Interlocked.Increment(ref _sent);

    public void OnSkipped() => Interlocked.Increment(ref _skipped);

    public void OnRejected() => Interlocked.Increment(ref _rejected);

    /// <summary>Records a delivery of a message stamped for this phase, received at <paramref name="now"/>.</summary>
    public void OnDelivered(long sendTimestamp, long now)
    {
        if (IsInWindow(sendTimestamp))
        {
            Latency.RecordMicroseconds((long)Stopwatch.GetElapsedTime(sendTimestamp, now).TotalMicroseconds);
        }
    }

    /// <summary>Counts a delivery received while this phase is measuring (whatever phase sent it).</summary>
    public void CountDelivery() => Interlocked.Increment(ref _delivered);

    public double DeliveriesPerSecond => MeasuredTime.TotalSeconds > 0 ? Delivered / MeasuredTime.TotalSeconds : 0;
}

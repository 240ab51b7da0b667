using OrleansChat.Bench.Load.Client;

namespace OrleansChat.Bench.Load.Measure;

/// <summary>
/// Listens to every client of a run: times each benchmark message on arrival against its stamp, counts it
/// towards the phase that is measuring, and tells the <see cref="DeliveryTracker"/> it arrived.
/// </summary>
internal sealed class TrafficRecorder(LoadCounters counters, DeliveryTracker tracker) : IClientListener
{
    private readonly List<PhaseMeasurement> _phases = [];
    private PhaseMeasurement[] _byId = [];
    private PhaseMeasurement? _measuring;
    private string? _firstRejection;
    private string? _firstStreamError;

    public LoadCounters Counters { get; } = counters;

    public DeliveryTracker Tracker { get; } = tracker;

    public IReadOnlyList<PhaseMeasurement> Phases => _phases;

    /// <summary>The phase measuring now, for the progress display; null between phases.</summary>
    public PhaseMeasurement? Measuring => Volatile.Read(ref _measuring);

    public string? FirstRejection => _firstRejection;

    public string? FirstStreamError => _firstStreamError;

    public PhaseMeasurement NewPhase(string name)
    {
        var phase = new PhaseMeasurement(_phases.Count, name);
        _phases.Add(phase);
        Volatile.Write(ref _byId, [.. _phases]);
        return phase;
    }

    public void StartMeasuring(PhaseMeasurement phase)
    {
        phase.StartMeasuring();
        Volatile.Write(ref _measuring, phase);
    }

    public void StopMeasuring(PhaseMeasurement phase)
    {
        phase.StopMeasuring();
        Interlocked.CompareExchange(ref _measuring, null, phase);
    }

    public void OnPush(ChatClient client, FrameSummary frame, long timestamp)
    {
        Counters.OnPushed();
        if (frame.Stamp is not { } stamp)
        {
            return;
        }

        Counters.OnDelivered();
        Tracker.Delivered(stamp.Index);
        var phases = Volatile.Read(ref _byId);
        if (stamp.Phase < phases.Length)
        {
            phases[stamp.Phase].OnDelivered(stamp.SendTimestamp, timestamp);
        }

        Volatile.Read(ref _measuring)?.CountDelivery();
    }

    public void OnAck(ChatClient client, long messageIndex) => Counters.OnAck();

    public void OnSendRejected(ChatClient client, long messageIndex, int code, string message)
    {
        Counters.OnRejected();
        Tracker.Cancel(messageIndex);
        Volatile.Read(ref _measuring)?.OnRejected();
        Interlocked.CompareExchange(ref _firstRejection, $"code {code}: {message}", null);
    }

    public void OnStreamEnded(ChatClient client, Exception? error)
    {
        Counters.OnStreamEnded();
        if (error is not null)
        {
            Counters.OnStreamFailed();
            Interlocked.CompareExchange(ref _firstStreamError, $"{client.UserId}: {error.Message}", null);
        }
    }
}

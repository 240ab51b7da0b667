using OrleansChat.Bench.Load.Measure;

namespace OrleansChat.Bench.Load.Driving;

/// <summary>What one phase of traffic measured, before it is turned into a report row.</summary>
/// <param name="Phase">The counters and latency of the phase.</param>
/// <param name="Mode"><c>open</c> (fixed rate), <c>closed</c> (saturation window) or <c>burst</c>.</param>
/// <param name="OfferedMessagesPerSecond">The open-loop rate; null for a closed-loop (saturation) phase.</param>
/// <param name="Window">The closed-loop window (messages in flight); 0 for open loop.</param>
/// <param name="Undelivered">Messages of the phase that had not reached every recipient when the drain gave up.</param>
/// <param name="Cpu">CPU while measuring.</param>
internal sealed record PhaseOutcome(
    PhaseMeasurement Phase,
    string Mode,
    double? OfferedMessagesPerSecond,
    int Window,
    long Undelivered,
    CpuUsage Cpu);

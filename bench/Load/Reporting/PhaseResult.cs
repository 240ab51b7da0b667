using OrleansChat.Bench.Load.Driving;
using OrleansChat.Bench.Load.Measure;

namespace OrleansChat.Bench.Load.Reporting;

/// <summary>One row of a report: a load phase and what it measured. Rates are per second of the measured window.</summary>
/// <param name="Name">e.g. <c>rate 50000/s</c> or <c>saturation</c>.</param>
/// <param name="Mode"><c>open</c> (fixed offered rate), <c>closed</c> (saturation window), <c>burst</c> or <c>join</c>.</param>
/// <param name="OfferedDeliveriesPerSecond">Offered load in deliveries/s (messages/s × recipients); null for closed loop.</param>
/// <param name="OfferedMessagesPerSecond">The open-loop message rate; null for closed loop.</param>
/// <param name="Window">Closed loop: messages in flight.</param>
/// <param name="Seconds">Length of the measured window.</param>
/// <param name="Sent">Messages sent in the window.</param>
/// <param name="Skipped">Messages of the schedule left out because too many were in flight or an outbox was full.</param>
/// <param name="Rejected">Sends the server answered with an Error frame.</param>
/// <param name="Undelivered">Messages that had not reached every recipient when the drain gave up.</param>
/// <param name="Delivered">Messages received by clients inside the window.</param>
/// <param name="DeliveriesPerSecond">Delivered / Seconds.</param>
/// <param name="Latency">Send-to-receive latency of messages sent in the window.</param>
/// <param name="ServerCpuPercent">Server CPU while measuring, % of one core (200 = both cores).</param>
/// <param name="ClientCpuPercent">Load generator CPU while measuring, % of one core.</param>
/// <param name="OtherCpuPercent">Everything else on the machine while measuring (other builds, tests), % of one core.</param>
internal sealed record PhaseResult(
    string Name,
    string Mode,
    double? OfferedDeliveriesPerSecond,
    double? OfferedMessagesPerSecond,
    int Window,
    double Seconds,
    long Sent,
    long Skipped,
    long Rejected,
    long Undelivered,
    long Delivered,
    double DeliveriesPerSecond,
    LatencySummary Latency,
    double? ServerCpuPercent,
    double ClientCpuPercent,
    double? OtherCpuPercent)
{
    public static PhaseResult From(PhaseOutcome outcome, double recipientsPerMessage)
    {
        var phase = outcome.Phase;
        var offered = outcome.OfferedMessagesPerSecond;
        return new PhaseResult(
            phase.Name,
            outcome.Mode,
            offered is { } rate ? Math.Round(rate * recipientsPerMessage, 1) : null,
            offered is { } messages ? Math.Round(messages, 2) : null,
            outcome.Window,
            Math.Round(phase.MeasuredTime.TotalSeconds, 3),
            phase.Sent,
            phase.Skipped,
            phase.Rejected,
            outcome.Undelivered,
            phase.Delivered,
            Math.Round(phase.DeliveriesPerSecond),
            phase.Latency.Summarize(),
            outcome.Cpu.Server,
            outcome.Cpu.Client,
            outcome.Cpu.Others);
    }
}

namespace OrleansChat.Bench.Load.Measure;

/// <summary>Latency percentiles of one phase, in milliseconds.</summary>
internal sealed record LatencySummary(long Samples, double P50, double P99, double P999, double Max)
{
    public static LatencySummary Empty { get; } = new(0, 0, 0, 0, 0);
}

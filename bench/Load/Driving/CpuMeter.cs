using System.Diagnostics;
using OrleansChat.Bench.Load.Servers;

namespace OrleansChat.Bench.Load.Driving;

/// <summary>
/// CPU used over an interval by the server process, by this process, and by everything else on the machine (other
/// work sharing the cores skews every figure, so the report shows it), in percent of one core.
/// </summary>
internal sealed class CpuMeter(Func<TimeSpan?> serverCpuTime)
{
    private long _started;
    private TimeSpan? _serverStart;
    private TimeSpan _selfStart;
    private TimeSpan? _machineStart;

    public void Start()
    {
        _started = Stopwatch.GetTimestamp();
        _serverStart = serverCpuTime();
        _selfStart = Process.GetCurrentProcess().TotalProcessorTime;
        _machineStart = ProcessStats.MachineBusyTime();
    }

    /// <summary>Usage since <see cref="Start"/>; a figure is null when it cannot be read.</summary>
    public CpuUsage Stop()
    {
        var wall = Stopwatch.GetElapsedTime(_started).TotalSeconds;
        if (wall <= 0)
        {
            return new CpuUsage(null, 0, null);
        }

        double? Percent(TimeSpan? start, TimeSpan? end) => start is { } s && end is { } e ? Math.Round((e - s).TotalSeconds / wall * 100) : null;
        var server = Percent(_serverStart, serverCpuTime());
        var self = Percent(_selfStart, Process.GetCurrentProcess().TotalProcessorTime) ?? 0;
        var machine = Percent(_machineStart, ProcessStats.MachineBusyTime());
        double? others = machine is { } m ? Math.Max(0, m - self - (server ?? 0)) : null;
        return new CpuUsage(server, self, others);
    }
}

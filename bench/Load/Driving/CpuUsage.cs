namespace OrleansChat.Bench.Load.Driving;

/// <summary>CPU over a measured window, in % of one core (200 = both cores of a 2-core machine).</summary>
/// <param name="Server">The server process; null when its pid is unknown.</param>
/// <param name="Client">This load generator.</param>
/// <param name="Others">Everything else on the machine; null when <c>/proc/stat</c> cannot be read.</param>
internal sealed record CpuUsage(double? Server, double Client, double? Others);

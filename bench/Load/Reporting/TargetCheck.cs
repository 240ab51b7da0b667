namespace OrleansChat.Bench.Load.Reporting;

/// <summary>One of the project's performance targets and whether this run met it.</summary>
/// <param name="Name">e.g. <c>fan-out at saturation</c>.</param>
/// <param name="Target">The target as text, e.g. <c>&gt;= 200000 deliveries/s</c>.</param>
/// <param name="Measured">The figure this run measured, as text.</param>
/// <param name="Met">True or false; null when the run did not measure it.</param>
internal sealed record TargetCheck(string Name, string Target, string Measured, bool? Met);

namespace OrleansChat.Bench.Load.Reporting;

/// <summary>Everything one scenario run produced; written as <c>results/&lt;scenario&gt;.json</c>.</summary>
/// <param name="Scenario">The scenario name.</param>
/// <param name="StartedUtc">When the run started.</param>
/// <param name="Command">The command line that ran it.</param>
/// <param name="Machine">Where it ran.</param>
/// <param name="Settings">The effective counts, rates and durations.</param>
/// <param name="Runs">One per target server.</param>
/// <param name="Checks">The performance targets and whether they were met.</param>
internal sealed record BenchReport(
    string Scenario,
    DateTimeOffset StartedUtc,
    string Command,
    MachineInfo Machine,
    IReadOnlyDictionary<string, string> Settings,
    IReadOnlyList<TargetRun> Runs,
    IReadOnlyList<TargetCheck> Checks);

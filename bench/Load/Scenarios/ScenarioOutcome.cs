using OrleansChat.Bench.Load.Reporting;

namespace OrleansChat.Bench.Load.Scenarios;

/// <summary>The runs of a scenario (one per target server) and the targets they were checked against.</summary>
internal sealed record ScenarioOutcome(IReadOnlyList<TargetRun> Runs, IReadOnlyList<TargetCheck> Checks);

using OrleansChat.Bench.Load.Reporting;
using OrleansChat.Bench.Load.Servers;

namespace OrleansChat.Bench.Load.Scenarios;

/// <summary>What every scenario gets: how to reach or start servers, and where to report progress.</summary>
internal sealed record ScenarioContext(ServerOptions Servers, ProgressState Progress);

namespace OrleansChat.Bench.Load.Scenarios;

/// <summary>
/// <c>cluster</c>: 3 silos and 2 gateways. Not runnable yet: the server has no clustering (a later issue), so the
/// scenario says so and the command exits with <see cref="ExitCode"/>.
/// </summary>
internal static class ClusterScenario
{
    public const int ExitCode = 3;

    public const string Message =
        "cluster: this scenario needs clustering (3 silos + 2 gateways sharing a membership table), which the server does not have yet. "
        + "It will run once Silo accepts --cluster and a separate gateway process exists; nothing was measured.";
}

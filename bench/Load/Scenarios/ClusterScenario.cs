using System.Globalization;
using OrleansChat.Bench.Load.Options;
using OrleansChat.Bench.Load.Reporting;

namespace OrleansChat.Bench.Load.Scenarios;

/// <summary>
/// <c>cluster</c>: 3 silos and 2 gateways on this machine (separate processes sharing a SQLite membership table and
/// grain state), rooms spread over the silos by placement, each room's members spread over both gateways (client i
/// connects to gateway i mod 2), so every delivery crosses processes: gateway → silo for the send, the room's silo →
/// both gateways for the stream, each gateway → its clients.
/// </summary>
internal sealed class ClusterScenario(RoomTrafficSettings settings, ClusterShape shape) : IScenario
{
    private static readonly RoomTrafficSettings Defaults = new(
        Rooms: 100,
        MembersPerRoom: 10,
        Rates: [10_000, 20_000],
        Saturation: true,
        Window: 256,
        Warmup: TimeSpan.FromSeconds(2),
        PhaseWarmup: TimeSpan.FromSeconds(1),
        Duration: TimeSpan.FromSeconds(5),
        TextBytes: 100,
        MaxInFlight: 1024,
        ClientsPerConnection: 1,
        ConnectConcurrency: 8,
        SetupTimeout: TimeSpan.FromSeconds(90),
        Targets: ["cluster"]);

    private static readonly RoomTrafficSettings QuickDefaults = Defaults with
    {
        Rooms = 4,
        MembersPerRoom = 4,
        Rates = [300],
        Window = 8,
        Warmup = TimeSpan.FromSeconds(1),
        PhaseWarmup = TimeSpan.FromMilliseconds(500),
        Duration = TimeSpan.FromSeconds(2),
    };

    public string Name => "cluster";

    public IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>(settings.Describe())
    {
        ["silos"] = shape.Silos.ToString(CultureInfo.InvariantCulture),
        ["gateways"] = shape.Gateways.ToString(CultureInfo.InvariantCulture),
        ["cluster store"] = "sqlite (one host)",
    };

    public static ClusterScenario Create(LoadArguments args, bool quick)
    {
        var shape = new ClusterShape(args.Int("silos", ClusterShape.Default.Silos, 1, 8), args.Int("gateways", ClusterShape.Default.Gateways, 1, 8));
        var settings = RoomTrafficSettings.Parse(args, quick ? QuickDefaults : Defaults) with { Targets = ["cluster"] };
        return new ClusterScenario(settings, shape);
    }

    public async Task<ScenarioOutcome> RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var run = await RoomTrafficRun.RunAsync("cluster", "cluster", settings, context, cancellationToken, shape).ConfigureAwait(false);
        return new ScenarioOutcome([run], []);
    }
}

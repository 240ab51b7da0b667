using OrleansChat.Bench.Load.Options;
using OrleansChat.Bench.Load.Reporting;

namespace OrleansChat.Bench.Load.Scenarios;

/// <summary>
/// <c>rooms</c>: 1 000 rooms of 10 members (10 000 clients), each message delivered to the 9 others in its room, at
/// fixed offered rates and at saturation. Spreads the load over many room grains and room feeds instead of one.
/// </summary>
internal sealed class RoomsScenario(RoomTrafficSettings settings) : IScenario
{
    private static readonly RoomTrafficSettings Defaults = new(
        Rooms: 1000,
        MembersPerRoom: 10,
        Rates: [25_000, 50_000, 100_000],
        Saturation: true,
        Window: 1024,
        Warmup: TimeSpan.FromSeconds(2),
        PhaseWarmup: TimeSpan.FromSeconds(1),
        Duration: TimeSpan.FromSeconds(5),
        TextBytes: 100,
        MaxInFlight: 4096,
        ClientsPerConnection: 1,
        ConnectConcurrency: 8,
        SetupTimeout: TimeSpan.FromSeconds(60),
        Targets: ["chat"]);

    private static readonly RoomTrafficSettings QuickDefaults = Defaults with
    {
        Rooms = 10,
        MembersPerRoom = 5,
        Rates = [500, 1_000],
        Window = 16,
        Warmup = TimeSpan.FromSeconds(1),
        PhaseWarmup = TimeSpan.FromMilliseconds(500),
        Duration = TimeSpan.FromSeconds(2),
    };

    public string Name => "rooms";

    public IReadOnlyDictionary<string, string> Settings => settings.Describe();

    public static RoomsScenario Create(LoadArguments args, bool quick)
        => new(RoomTrafficSettings.Parse(args, quick ? QuickDefaults : Defaults));

    public async Task<ScenarioOutcome> RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var runs = new List<TargetRun>();
        foreach (var target in settings.Targets)
        {
            runs.Add(await RoomTrafficRun.RunAsync(target, "room", settings, context, cancellationToken).ConfigureAwait(false));
        }

        return new ScenarioOutcome(runs, []);
    }
}

using System.Globalization;
using OrleansChat.Bench.Load.Options;

namespace OrleansChat.Bench.Load.Scenarios;

/// <summary>The flags of the traffic scenarios (fanout, rooms): room layout, offered rates, saturation, durations.</summary>
internal sealed record RoomTrafficSettings(
    int Rooms,
    int MembersPerRoom,
    IReadOnlyList<int> Rates,
    bool Saturation,
    int Window,
    TimeSpan Warmup,
    TimeSpan PhaseWarmup,
    TimeSpan Duration,
    int TextBytes,
    int MaxInFlight,
    int ClientsPerConnection,
    int ConnectConcurrency,
    TimeSpan SetupTimeout,
    IReadOnlyList<string> Targets)
{
    public int Clients => Rooms * MembersPerRoom;

    /// <summary>Reads the flags over the given defaults (which <c>--quick</c> has already shrunk).</summary>
    public static RoomTrafficSettings Parse(LoadArguments args, RoomTrafficSettings defaults)
    {
        var settings = new RoomTrafficSettings(
            args.Int("rooms", defaults.Rooms, 1, 100_000),
            args.Int("members", defaults.MembersPerRoom, 2, 10_000),
            args.IntList("rates", defaults.Rates),
            !args.Switch("no-saturation") && defaults.Saturation,
            args.Int("window", defaults.Window, 1, 16_384),
            args.Duration("warmup", defaults.Warmup),
            args.Duration("phase-warmup", defaults.PhaseWarmup),
            args.Duration("duration", defaults.Duration, TimeSpan.FromMinutes(5)),
            args.Int("message-bytes", defaults.TextBytes, 32, 4096),
            args.Int("max-inflight", defaults.MaxInFlight, 1, 16_384),
            args.Int("clients-per-connection", defaults.ClientsPerConnection, 1, 16),
            args.Int("connect-concurrency", defaults.ConnectConcurrency, 1, 1024),
            args.Duration("setup-timeout", defaults.SetupTimeout, TimeSpan.FromHours(1)),
            ParseTargets(args.String("target"), defaults.Targets));
        if (settings.Clients > 50_000)
        {
            throw new BenchUsageException($"--rooms × --members is {settings.Clients}; at most 50 000 clients.");
        }

        return settings;
    }

    public IReadOnlyDictionary<string, string> Describe() => new Dictionary<string, string>
    {
        ["rooms"] = Rooms.ToString(CultureInfo.InvariantCulture),
        ["members"] = MembersPerRoom.ToString(CultureInfo.InvariantCulture),
        ["rates (deliveries/s)"] = string.Join(',', Rates),
        ["saturation window (messages)"] = Saturation ? Window.ToString(CultureInfo.InvariantCulture) : "off",
        ["warmup"] = DurationText.Format(Warmup),
        ["phase warmup"] = DurationText.Format(PhaseWarmup),
        ["duration per phase"] = DurationText.Format(Duration),
        ["message bytes"] = TextBytes.ToString(CultureInfo.InvariantCulture),
        ["max in flight (messages)"] = MaxInFlight.ToString(CultureInfo.InvariantCulture),
        ["clients per connection"] = ClientsPerConnection.ToString(CultureInfo.InvariantCulture),
        ["connect concurrency"] = ConnectConcurrency.ToString(CultureInfo.InvariantCulture),
        ["setup time limit"] = DurationText.Format(SetupTimeout),
        ["targets"] = string.Join(',', Targets),
    };

    private static IReadOnlyList<string> ParseTargets(string? text, IReadOnlyList<string> defaults) => text switch
    {
        null => defaults,
        "both" => ["baseline", "chat"],
        "chat" or "baseline" => [text],
        _ => throw new BenchUsageException($"--target is chat, baseline or both, not '{text}'."),
    };
}

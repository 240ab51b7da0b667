using System.Globalization;
using OrleansChat.Bench.Load.Options;
using OrleansChat.Bench.Load.Reporting;

namespace OrleansChat.Bench.Load.Scenarios;

/// <summary>
/// <c>fanout</c>: one room of 1 000 members, every message delivered to the 999 others, at fixed offered rates and at
/// saturation; by default against the raw baseline and then the chat server, in the same run. <c>baseline</c> is the
/// same scenario against the baseline only.
/// </summary>
internal sealed class FanoutScenario(string name, RoomTrafficSettings settings) : IScenario
{
    public const double SaturationTarget = 200_000;
    public const double LatencyTargetMs = 20;
    public const double BaselineRatioTarget = 0.5;

    private static readonly RoomTrafficSettings Defaults = new(
        Rooms: 1,
        MembersPerRoom: 1000,
        Rates: [50_000, 100_000, 200_000],
        Saturation: true,
        Window: 128,
        Warmup: TimeSpan.FromSeconds(2),
        PhaseWarmup: TimeSpan.FromSeconds(1),
        Duration: TimeSpan.FromSeconds(5),
        TextBytes: 100,
        MaxInFlight: 128,
        ClientsPerConnection: 1,
        ConnectConcurrency: 16,
        SetupTimeout: TimeSpan.FromSeconds(90),
        Targets: ["baseline", "chat"]);

    private static readonly RoomTrafficSettings QuickDefaults = Defaults with
    {
        MembersPerRoom = 20,
        Rates = [500, 1_000],
        Window = 4,
        Warmup = TimeSpan.FromSeconds(1),
        PhaseWarmup = TimeSpan.FromMilliseconds(500),
        Duration = TimeSpan.FromSeconds(2),
    };

    public string Name { get; } = name;

    public IReadOnlyDictionary<string, string> Settings => settings.Describe();

    public static FanoutScenario Create(LoadArguments args, bool quick, bool baselineOnly)
    {
        var defaults = quick ? QuickDefaults : Defaults;
        if (baselineOnly)
        {
            defaults = defaults with { Targets = ["baseline"] };
        }

        var settings = RoomTrafficSettings.Parse(args, defaults with { Rooms = 1 });
        if (settings.Rooms != 1)
        {
            throw new BenchUsageException("fanout has one room; use the rooms scenario for many.");
        }

        return new FanoutScenario(baselineOnly ? "baseline" : "fanout", settings);
    }

    public async Task<ScenarioOutcome> RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var runs = new List<TargetRun>();
        foreach (var target in settings.Targets)
        {
            runs.Add(await RoomTrafficRun.RunAsync(target, "fanout", settings, context, cancellationToken).ConfigureAwait(false));
        }

        return new ScenarioOutcome(runs, Checks(runs));
    }

    private static List<TargetCheck> Checks(List<TargetRun> runs)
    {
        var chat = runs.FirstOrDefault(r => r.Target == "chat");
        var baseline = runs.FirstOrDefault(r => r.Target == "baseline");
        var checks = new List<TargetCheck>();
        if (chat is null)
        {
            return checks;
        }

        var saturation = chat.Phases.FirstOrDefault(p => p.Mode == "closed");
        checks.Add(saturation is null
            ? new TargetCheck("fan-out at saturation", $">= {SaturationTarget:N0} deliveries/s", "not measured (saturation off)", null)
            : new TargetCheck("fan-out at saturation", Invariant($">= {SaturationTarget:N0} deliveries/s"), Invariant($"{saturation.DeliveriesPerSecond:N0} deliveries/s"), saturation.DeliveriesPerSecond >= SaturationTarget));

        var half = SaturationTarget / 2;
        var atHalf = chat.Phases.FirstOrDefault(p => p.OfferedDeliveriesPerSecond is { } offered && Math.Abs(offered - half) <= half * 0.01);
        checks.Add(atHalf is null
            ? new TargetCheck("p99 at half the target rate", Invariant($"<= {LatencyTargetMs} ms at {half:N0} deliveries/s"), Invariant($"not measured (add {half} to --rates)"), null)
            : new TargetCheck(
                "p99 at half the target rate",
                Invariant($"<= {LatencyTargetMs} ms at {half:N0} deliveries/s"),
                Invariant($"p99 {atHalf.Latency.P99:0.0} ms, {atHalf.DeliveriesPerSecond:N0} delivered/s, {atHalf.Skipped} skipped"),
                atHalf.Latency.P99 <= LatencyTargetMs && atHalf.Skipped == 0 && atHalf.Undelivered == 0 && atHalf.Latency.Samples > 0));

        var baselineSaturation = baseline?.Phases.FirstOrDefault(p => p.Mode == "closed");
        checks.Add(saturation is null || baselineSaturation is null || baselineSaturation.DeliveriesPerSecond <= 0
            ? new TargetCheck("chat vs raw baseline at saturation", Invariant($">= {BaselineRatioTarget:P0}"), "not measured (needs --target both and saturation)", null)
            : new TargetCheck(
                "chat vs raw baseline at saturation",
                Invariant($">= {BaselineRatioTarget:P0}"),
                Invariant($"{saturation.DeliveriesPerSecond / baselineSaturation.DeliveriesPerSecond:P0} ({saturation.DeliveriesPerSecond:N0} / {baselineSaturation.DeliveriesPerSecond:N0})"),
                saturation.DeliveriesPerSecond / baselineSaturation.DeliveriesPerSecond >= BaselineRatioTarget));
        return checks;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

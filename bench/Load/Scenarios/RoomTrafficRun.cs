using System.Diagnostics;
using System.Globalization;
using OrleansChat.Bench.Load.Client;
using OrleansChat.Bench.Load.Driving;
using OrleansChat.Bench.Load.Measure;
using OrleansChat.Bench.Load.Reporting;

namespace OrleansChat.Bench.Load.Scenarios;

/// <summary>
/// One target of a traffic scenario: connect <c>rooms × members</c> clients (each joins its room), warm up, run
/// every offered rate open loop, then saturation closed loop. Rates are deliveries/s; the message rate is the
/// rate divided by the recipients of a message (members − 1).
/// </summary>
internal static class RoomTrafficRun
{
    public static async Task<TargetRun> RunAsync(string target, string roomPrefix, RoomTrafficSettings settings, ScenarioContext context, CancellationToken cancellationToken, ClusterShape? cluster = null)
    {
        var progress = context.Progress;
        await using var server = await ScenarioServers.StartGroupAsync(target, context, cluster, cancellationToken).ConfigureAwait(false);
        var counters = new LoadCounters();
        var recorder = new TrafficRecorder(counters, new DeliveryTracker());
        progress.Attach(recorder);
        await using var pool = new ClientPool(server.Addresses, recorder, counters);

        string RoomOf(int index) => settings.Rooms == 1 ? roomPrefix : roomPrefix + "-" + (index / settings.MembersPerRoom).ToString("D4", CultureInfo.InvariantCulture);
        progress.SetStage($"{target}: connecting {settings.Clients} clients into {settings.Rooms} room(s)");
        var setupStarted = Stopwatch.GetTimestamp();
        var clients = await pool.ConnectAsync(
            0,
            settings.Clients,
            settings.ClientsPerConnection,
            settings.ConnectConcurrency,
            UserIds.Of,
            (client, ct) => client.JoinAsync(RoomOf(client.Index), 1, ClientPool.ControlTimeout, ct),
            settings.SetupTimeout,
            cancellationToken).ConfigureAwait(false);
        var setupSeconds = Stopwatch.GetElapsedTime(setupStarted).TotalSeconds;

        progress.SetStage($"{target}: waiting for join events to settle");
        await ScenarioServers.SettleAsync(counters, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);

        var senders = SenderRotation.ForRooms(clients, RoomOf);
        if (senders.Count == 0)
        {
            throw new InvalidOperationException($"No client of the {target} run could connect: {pool.FirstFailure}");
        }

        var driver = new TrafficDriver(
            recorder,
            senders,
            new DriverSettings(settings.TextBytes, settings.MaxInFlight, TimeSpan.FromSeconds(5)),
            new CpuMeter(() => server.CpuTime));
        // Offered deliveries/s become messages/s through the recipients a message really has (fewer when some clients
        // could not connect or join in time).
        var recipients = senders.MeanRecipients;
        var phases = new List<PhaseResult>();

        progress.SetStage($"{target}: warming up");
        await driver.RunOpenLoopAsync("warm-up", Math.Max(1, settings.Rates[0] / recipients), TimeSpan.Zero, settings.Warmup, cancellationToken).ConfigureAwait(false);

        foreach (var rate in settings.Rates)
        {
            var messagesPerSecond = rate / recipients;
            progress.SetStage(string.Create(CultureInfo.InvariantCulture, $"{target}: offered {rate:N0} deliveries/s ({messagesPerSecond:0.#} messages/s)"));
            var outcome = await driver.RunOpenLoopAsync($"rate {rate}/s", messagesPerSecond, settings.PhaseWarmup, settings.Duration, cancellationToken).ConfigureAwait(false);
            phases.Add(PhaseResult.From(outcome, recipients));
        }

        if (settings.Saturation)
        {
            progress.SetStage($"{target}: saturation, {settings.Window} messages in flight");
            var outcome = await driver.RunClosedLoopAsync("saturation", settings.Window, settings.PhaseWarmup, settings.Duration, cancellationToken).ConfigureAwait(false);
            phases.Add(PhaseResult.From(outcome, recipients));
        }

        var figures = new Dictionary<string, double>();
        if (server.ResidentBytes is { } rss)
        {
            figures["server RSS after run (MiB)"] = Math.Round(rss / 1048576.0, 1);
        }

        return new TargetRun(target, pool.Clients.Count, Math.Round(setupSeconds, 2), phases, figures, ScenarioServers.Notes(pool, recorder));
    }
}

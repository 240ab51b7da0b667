using System.Globalization;
using OrleansChat.Bench.Load.Client;
using OrleansChat.Bench.Load.Driving;
using OrleansChat.Bench.Load.Measure;
using OrleansChat.Bench.Load.Options;
using OrleansChat.Bench.Load.Reporting;

namespace OrleansChat.Bench.Load.Scenarios;

/// <summary>
/// <c>join</c>: rooms are seeded with a full history (50 messages by default); then a few clients join with
/// <c>history_limit</c> = that depth, over and over (join, check the history, leave), and the time from JoinRoom to
/// Joined is measured: p50/p99 over all joins after a warm-up.
/// </summary>
internal sealed class JoinScenario(JoinScenario.Parameters parameters) : IScenario
{
    private const int DefaultHistory = 50;

    /// <summary>Messages one seeder sends, below the server's default burst of 40 per user.</summary>
    private const int MessagesPerSeeder = 20;

    public string Name => "join";

    public IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["joins"] = parameters.Joins.ToString(CultureInfo.InvariantCulture),
        ["rooms"] = parameters.Rooms.ToString(CultureInfo.InvariantCulture),
        ["history"] = parameters.History.ToString(CultureInfo.InvariantCulture),
        ["concurrency"] = parameters.Concurrency.ToString(CultureInfo.InvariantCulture),
        ["warm-up joins"] = parameters.WarmupJoins.ToString(CultureInfo.InvariantCulture),
    };

    public static JoinScenario Create(LoadArguments args, bool quick)
    {
        var rooms = args.Int("rooms", quick ? 2 : 10, 1, 1000);
        return new JoinScenario(new Parameters(
            args.Int("joins", quick ? 50 : 2000, 1, 100_000),
            rooms,
            args.Int("history", DefaultHistory, 1, 1000),
            args.Int("concurrency", quick ? 2 : 8, 1, 256),
            args.Int("warmup-joins", quick ? 10 : 100, 0, 10_000),
            args.Int("message-bytes", 100, 32, 4096)));
    }

    public async Task<ScenarioOutcome> RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var progress = context.Progress;
        string[] serverArgs = parameters.History == DefaultHistory ? [] : ["--history", parameters.History.ToString(CultureInfo.InvariantCulture)];
        await using var server = await ScenarioServers.StartAsync("chat", context, serverArgs, cancellationToken).ConfigureAwait(false);
        var counters = new LoadCounters();
        var recorder = new TrafficRecorder(counters, new DeliveryTracker());
        progress.Attach(recorder);
        var roomIds = Enumerable.Range(0, parameters.Rooms).Select(r => "join-" + r.ToString("D4", CultureInfo.InvariantCulture)).ToArray();

        await SeedAsync(server.Address, roomIds, recorder, counters, () => server.CpuTime, progress, cancellationToken).ConfigureAwait(false);

        progress.SetStage($"joining {parameters.Joins:N0} times with history {parameters.History}");
        var phase = recorder.NewPhase("join");
        await using var pool = new ClientPool(server.Address, recorder, counters);
        var joiners = (await pool.ConnectAsync(100_000, parameters.Concurrency, 1, parameters.Concurrency, UserIds.Of, (_, _) => Task.CompletedTask, TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false))
            .OfType<ChatClient>()
            .ToList();
        if (joiners.Count == 0)
        {
            throw new InvalidOperationException($"No joining client could connect: {pool.FirstFailure}");
        }

        var total = parameters.WarmupJoins + parameters.Joins;
        long next = 0;
        long failures = 0;
        long shortHistories = 0;
        long historyEvents = 0;
        string? firstFailure = null;
        var cpu = new CpuMeter(() => server.CpuTime);
        await Task.WhenAll(joiners.Select(async joiner =>
        {
            long n;
            while ((n = Interlocked.Increment(ref next)) <= total)
            {
                if (n == parameters.WarmupJoins + 1)
                {
                    cpu.Start();
                    recorder.StartMeasuring(phase);
                }

                var room = roomIds[n % roomIds.Length];
                try
                {
                    var (joined, elapsed) = await joiner.JoinAsync(room, (uint)parameters.History, ClientPool.ControlTimeout, cancellationToken).ConfigureAwait(false);
                    if (n > parameters.WarmupJoins)
                    {
                        phase.Latency.RecordMicroseconds((long)elapsed.TotalMicroseconds);
                        Interlocked.Add(ref historyEvents, joined.History.Count);
                        if (joined.History.Count < parameters.History)
                        {
                            Interlocked.Increment(ref shortHistories);
                        }
                    }

                    await joiner.LeaveAsync(room, ClientPool.ControlTimeout, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is ServerErrorException or TimeoutException or InvalidOperationException)
                {
                    Interlocked.Increment(ref failures);
                    Interlocked.CompareExchange(ref firstFailure, $"{room}: {ex.Message}", null);
                    if (joiner.IsEnded)
                    {
                        return;
                    }
                }
            }
        })).ConfigureAwait(false);
        recorder.StopMeasuring(phase);
        var usage = cpu.Stop();

        var measured = phase.Latency.Count;
        var seconds = phase.MeasuredTime.TotalSeconds;
        var result = new PhaseResult(
            "join",
            "join",
            null,
            null,
            0,
            Math.Round(seconds, 3),
            parameters.Joins,
            0,
            failures,
            shortHistories,
            measured,
            Math.Round(seconds > 0 ? measured / seconds : 0),
            phase.Latency.Summarize(),
            usage.Server,
            usage.Client,
            usage.Others);
        var figures = new Dictionary<string, double>
        {
            ["joins per second"] = result.DeliveriesPerSecond,
            ["history events per join (mean)"] = measured > 0 ? Math.Round(historyEvents / (double)measured, 1) : 0,
            ["joins with a short history"] = shortHistories,
        };
        var notes = ScenarioServers.Notes(pool, recorder);
        if (firstFailure is not null)
        {
            notes.Add($"{failures} join(s) failed; first: {firstFailure}");
        }

        return new ScenarioOutcome([new TargetRun("chat", joiners.Count, 0, [result], figures, notes)], []);
    }

    /// <summary>Fills each room's history: a few seeders per room send at least <c>history</c> messages, all acked before
    /// joins start (round robin over the seeders, so each sends the same share, under the per-user burst limit).</summary>
    private async Task SeedAsync(Uri address, string[] roomIds, TrafficRecorder recorder, LoadCounters counters, Func<TimeSpan?> serverCpu, ProgressState progress, CancellationToken cancellationToken)
    {
        var seedersPerRoom = (parameters.History + MessagesPerSeeder - 1) / MessagesPerSeeder;
        var perSeeder = (parameters.History + seedersPerRoom - 1) / seedersPerRoom;
        var messages = roomIds.Length * seedersPerRoom * perSeeder;
        progress.SetStage($"seeding {roomIds.Length} room(s) with {parameters.History} messages each");
        string RoomOf(int index) => roomIds[index / seedersPerRoom % roomIds.Length];
        await using var seeders = new ClientPool(address, recorder, counters);
        var clients = await seeders.ConnectAsync(
            0,
            roomIds.Length * seedersPerRoom,
            1,
            16,
            UserIds.Of,
            (client, ct) => client.JoinAsync(RoomOf(client.Index), 1, ClientPool.ControlTimeout, ct),
            TimeSpan.FromSeconds(60),
            cancellationToken).ConfigureAwait(false);
        if (seeders.Failures > 0 || seeders.NotStarted > 0)
        {
            throw new InvalidOperationException($"Seeding failed: {seeders.FirstFailure ?? "the seeders did not connect within 60 s"}");
        }

        var driver = new TrafficDriver(recorder, SenderRotation.ForRooms(clients, RoomOf), new DriverSettings(parameters.TextBytes, int.MaxValue, TimeSpan.FromSeconds(10)), new CpuMeter(serverCpu));
        await driver.RunBurstAsync("seed", messages, TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (counters.Acks + counters.Rejected < messages && DateTime.UtcNow < until)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken).ConfigureAwait(false);
        }

        if (counters.Acks < messages)
        {
            throw new InvalidOperationException($"Seeding: only {counters.Acks} of {messages} messages were acked; first rejection: {recorder.FirstRejection}");
        }
    }

    internal sealed record Parameters(int Joins, int Rooms, int History, int Concurrency, int WarmupJoins, int TextBytes);
}

using System.Diagnostics;
using System.Globalization;
using OrleansChat.Bench.Load.Client;
using OrleansChat.Bench.Load.Driving;
using OrleansChat.Bench.Load.Measure;
using OrleansChat.Bench.Load.Options;
using OrleansChat.Bench.Load.Reporting;
using OrleansChat.Bench.Load.Servers;

namespace OrleansChat.Bench.Load.Scenarios;

/// <summary>
/// <c>connections</c>: opens N idle duplex streams (10 000 by default, each on its own HTTP/2 connection) in rooms of
/// 10, measures the server's resident memory per stream (RSS delta / N, after a warm-up so JIT and first-use costs
/// are not counted), then fires a burst (every client sends at once) and times its delivery.
/// Needs about N + 100 file descriptors on each side: raise <c>ulimit -n</c> for large N.
/// </summary>
internal sealed class ConnectionsScenario(ConnectionsScenario.Parameters parameters) : IScenario
{
    public const int StreamsTarget = 10_000;

    /// <summary>The default N: the target. A server too slow to open them all within <c>--setup-timeout</c> gets
    /// measured with the streams it opened, and the report says how many were not started.</summary>
    public const int DefaultStreams = StreamsTarget;
    public const double KibPerStreamTarget = 64;

    public string Name => "connections";

    public IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["streams"] = parameters.Streams.ToString(CultureInfo.InvariantCulture),
        ["room size"] = parameters.RoomSize.ToString(CultureInfo.InvariantCulture),
        ["clients per connection"] = parameters.ClientsPerConnection.ToString(CultureInfo.InvariantCulture),
        ["connect concurrency"] = parameters.ConnectConcurrency.ToString(CultureInfo.InvariantCulture),
        ["settle"] = DurationText.Format(parameters.Settle),
        ["setup time limit"] = DurationText.Format(parameters.SetupTimeout),
        ["burst messages per client"] = parameters.BurstPerClient.ToString(CultureInfo.InvariantCulture),
        ["message bytes"] = parameters.TextBytes.ToString(CultureInfo.InvariantCulture),
        ["targets"] = string.Join(',', parameters.Targets),
    };

    public static ConnectionsScenario Create(LoadArguments args, bool quick)
    {
        var parameters = new Parameters(
            args.Int("streams", quick ? 100 : DefaultStreams, 2, 50_000),
            args.Int("room-size", 10, 2, 10_000),
            args.Int("clients-per-connection", 1, 1, 16),
            args.Int("connect-concurrency", 8, 1, 1024),
            args.Duration("settle", quick ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(3)),
            args.Duration("setup-timeout", TimeSpan.FromSeconds(90), TimeSpan.FromHours(1)),
            args.Int("burst", 1, 0, 4),
            args.Int("message-bytes", 100, 32, 4096),
            args.String("target", "chat") switch
            {
                "chat" => ["chat"],
                "baseline" => ["baseline"],
                "both" => ["baseline", "chat"],
                var other => throw new BenchUsageException($"--target is chat, baseline or both, not '{other}'."),
            });
        if (parameters.Streams / parameters.ClientsPerConnection + 64 > OpenFileLimit())
        {
            throw new BenchUsageException(
                $"{parameters.Streams / parameters.ClientsPerConnection} connections need more file descriptors than 'ulimit -n' allows ({OpenFileLimit()}): raise it (ulimit -n 65536) or lower --streams.");
        }

        return new ConnectionsScenario(parameters);
    }

    public async Task<ScenarioOutcome> RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var runs = new List<TargetRun>();
        foreach (var target in parameters.Targets)
        {
            runs.Add(await RunTargetAsync(target, context, cancellationToken).ConfigureAwait(false));
        }

        var chat = runs.FirstOrDefault(r => r.Target == "chat");
        var checks = new List<TargetCheck>();
        if (chat is not null)
        {
            checks.Add(parameters.Streams < StreamsTarget && chat.Clients == parameters.Streams
                ? new TargetCheck("concurrent streams", $">= {StreamsTarget:N0}", $"{chat.Clients:N0} (all asked for; run with --streams {StreamsTarget})", null)
                : new TargetCheck("concurrent streams", $">= {StreamsTarget:N0}", $"{chat.Clients:N0} of {parameters.Streams:N0} within {DurationText.Format(parameters.SetupTimeout)}", chat.Clients >= StreamsTarget));
            checks.Add(chat.Figures.TryGetValue("server KiB per stream", out var kib)
                ? new TargetCheck("server memory per stream", $"<= {KibPerStreamTarget} KiB", string.Create(CultureInfo.InvariantCulture, $"{kib:0.0} KiB"), kib <= KibPerStreamTarget)
                : new TargetCheck("server memory per stream", $"<= {KibPerStreamTarget} KiB", "not measured (no server pid)", null));
        }

        return new ScenarioOutcome(runs, checks);
    }

    private static long OpenFileLimit()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/limits"))
            {
                if (line.StartsWith("Max open files", StringComparison.Ordinal))
                {
                    var soft = line["Max open files".Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                    return soft == "unlimited" ? long.MaxValue : long.Parse(soft, CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }

        return long.MaxValue;
    }

    private async Task<TargetRun> RunTargetAsync(string target, ScenarioContext context, CancellationToken cancellationToken)
    {
        var progress = context.Progress;
        await using var server = await ScenarioServers.StartAsync(target, context, [], cancellationToken).ConfigureAwait(false);
        var counters = new LoadCounters();
        var recorder = new TrafficRecorder(counters, new DeliveryTracker());
        progress.Attach(recorder);
        var cpu = new CpuMeter(() => server.CpuTime);
        var settings = new DriverSettings(parameters.TextBytes, int.MaxValue, TimeSpan.FromSeconds(10));
        string RoomOf(int index) => "conn-" + (index / parameters.RoomSize).ToString("D5", CultureInfo.InvariantCulture);
        Task Join(ChatClient client, CancellationToken ct) => client.JoinAsync(RoomOf(client.Index), 1, ClientPool.ControlTimeout, ct);

        // Warm-up: a few rooms' worth of clients connect, join, talk and leave, so the measured delta is per stream.
        progress.SetStage($"{target}: warm-up");
        var warmupCount = Math.Min(parameters.RoomSize * 4, 200);
        await using (var warmup = new ClientPool(server.Address, recorder, counters))
        {
            var warm = await warmup.ConnectAsync(parameters.Streams, warmupCount, 1, 16, UserIds.Of, Join, TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
            var warmDriver = new TrafficDriver(recorder, SenderRotation.ForRooms(warm, RoomOf), settings, cpu);
            await warmDriver.RunBurstAsync("warm-up", warmupCount, TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        }

        await Task.Delay(parameters.Settle, cancellationToken).ConfigureAwait(false);
        var rssBefore = server.ResidentBytes;
        var selfBefore = ProcessStats.ResidentBytes(Environment.ProcessId);

        await using var pool = new ClientPool(server.Address, recorder, counters);
        progress.SetStage($"{target}: opening {parameters.Streams:N0} streams");
        var started = Stopwatch.GetTimestamp();
        var clients = await pool.ConnectAsync(0, parameters.Streams, parameters.ClientsPerConnection, parameters.ConnectConcurrency, UserIds.Of, Join, parameters.SetupTimeout, cancellationToken).ConfigureAwait(false);
        var setupSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var connected = pool.Clients.Count;

        progress.SetStage($"{target}: {connected:N0} streams open, settling");
        await ScenarioServers.SettleAsync(counters, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
        await Task.Delay(parameters.Settle, cancellationToken).ConfigureAwait(false);
        var rssIdle = server.ResidentBytes;
        var selfIdle = ProcessStats.ResidentBytes(Environment.ProcessId);

        var phases = new List<PhaseResult>();
        if (parameters.BurstPerClient > 0 && connected > 0)
        {
            progress.SetStage($"{target}: burst of {connected * parameters.BurstPerClient:N0} messages");
            var driver = new TrafficDriver(recorder, SenderRotation.ForRooms(clients, RoomOf), settings, cpu);
            var outcome = await driver.RunBurstAsync("burst", connected * parameters.BurstPerClient, TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
            phases.Add(PhaseResult.From(outcome, parameters.RoomSize - 1));
        }

        var rssAfterBurst = server.ResidentBytes;
        var figures = new Dictionary<string, double>
        {
            ["streams open"] = connected,
            ["streams opened per second"] = Math.Round(connected / Math.Max(setupSeconds, 0.001)),
        };
        if (rssBefore is { } before && rssIdle is { } idle && connected > 0)
        {
            figures["server RSS before (MiB)"] = Math.Round(before / 1048576.0, 1);
            figures["server RSS with streams open (MiB)"] = Math.Round(idle / 1048576.0, 1);
            figures["server KiB per stream"] = Math.Round((idle - before) / 1024.0 / connected, 1);
        }

        if (rssAfterBurst is { } afterBurst)
        {
            figures["server RSS after burst (MiB)"] = Math.Round(afterBurst / 1048576.0, 1);
        }

        if (selfBefore is { } selfStart && selfIdle is { } selfEnd && connected > 0)
        {
            figures["load generator KiB per stream"] = Math.Round((selfEnd - selfStart) / 1024.0 / connected, 1);
        }

        return new TargetRun(target, connected, Math.Round(setupSeconds, 2), phases, figures, ScenarioServers.Notes(pool, recorder));
    }

    internal sealed record Parameters(
        int Streams,
        int RoomSize,
        int ClientsPerConnection,
        int ConnectConcurrency,
        TimeSpan Settle,
        TimeSpan SetupTimeout,
        int BurstPerClient,
        int TextBytes,
        IReadOnlyList<string> Targets);
}

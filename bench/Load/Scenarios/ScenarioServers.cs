using OrleansChat.Bench.Load.Client;
using OrleansChat.Bench.Load.Options;
using OrleansChat.Bench.Load.Reporting;
using OrleansChat.Bench.Load.Servers;

namespace OrleansChat.Bench.Load.Scenarios;

/// <summary>Starts the servers of a target (<c>chat</c>, <c>baseline</c> or <c>cluster</c>); all of them serve <see cref="ChatMethods.Connect"/>.</summary>
internal static class ScenarioServers
{
    /// <summary>The per-user message rate given to the chat server: the generator measures the chat path, not the
    /// limiter (which still checks every message). Rotating senders keeps each user far below the default anyway.</summary>
    private const string RateLimitOption = "--messages-per-second";

    public static async Task<ServerProcess> StartAsync(string target, ScenarioContext context, IReadOnlyList<string> chatArgs, CancellationToken cancellationToken)
    {
        context.Progress.SetStage($"{target}: starting server");
        List<string> args = [.. chatArgs];
        if (!context.Servers.ExtraArgs.Contains(RateLimitOption))
        {
            args.AddRange([RateLimitOption, "1000000"]);
        }

        var server = target == "baseline"
            ? await ServerProcess.StartBaselineAsync(context.Servers, cancellationToken).ConfigureAwait(false)
            : await ServerProcess.StartChatAsync(context.Servers, args, context.Progress.SetStage, cancellationToken).ConfigureAwait(false);
        context.Progress.Note($"{server.Name} at {server.Address}{(server.Pid is { } pid ? $" (pid {pid})" : string.Empty)}");
        return server;
    }

    /// <summary>
    /// Starts the servers of a traffic target: the chat server or the baseline as one process, or for
    /// <c>cluster</c> the silos (one after the other, so each joins the cluster) and then the gateways.
    /// </summary>
    public static async Task<ServerGroup> StartGroupAsync(string target, ScenarioContext context, ClusterShape? shape, CancellationToken cancellationToken)
    {
        if (target != "cluster")
        {
            return new ServerGroup(await StartAsync(target, context, [], cancellationToken).ConfigureAwait(false));
        }

        if (context.Servers.ExternalAddress is not null)
        {
            throw new BenchUsageException("The cluster scenario starts its own processes; --server does not apply.");
        }

        shape ??= ClusterShape.Default;
        List<string> args = [.. context.Servers.ExtraArgs.Contains(RateLimitOption) ? [] : new[] { RateLimitOption, "1000000" }];
        var data = Directory.CreateTempSubdirectory("orleanschat-bench-cluster-").FullName;
        var processes = new List<ServerProcess>();
        try
        {
            for (var i = 1; i <= shape.Silos; i++)
            {
                context.Progress.SetStage($"cluster: starting silo {i} of {shape.Silos}");
                processes.Add(await ServerProcess.StartClusterMemberAsync(context.Servers, "silo", data, args, context.Progress.SetStage, cancellationToken).ConfigureAwait(false));
            }

            var gateways = new List<Uri>();
            for (var i = 1; i <= shape.Gateways; i++)
            {
                context.Progress.SetStage($"cluster: starting gateway {i} of {shape.Gateways}");
                var gateway = await ServerProcess.StartClusterMemberAsync(context.Servers, "gateway", data, args, context.Progress.SetStage, cancellationToken).ConfigureAwait(false);
                processes.Add(gateway);
                gateways.Add(gateway.Address);
            }

            context.Progress.Note($"cluster: {shape.Silos} silos, gateways at {string.Join(", ", gateways)}");
            return new ServerGroup("cluster", processes, gateways, data);
        }
        catch
        {
            await new ServerGroup("cluster", processes, [], data).DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Waits until the servers stop pushing (join events, presence) for a moment, at most <paramref name="limit"/>.</summary>
    public static async Task SettleAsync(LoadCounters counters, TimeSpan quiet, TimeSpan limit, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + limit;
        var last = counters.Pushed;
        var quietSince = DateTime.UtcNow;
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
            var now = counters.Pushed;
            if (now != last)
            {
                last = now;
                quietSince = DateTime.UtcNow;
            }
            else if (DateTime.UtcNow - quietSince >= quiet)
            {
                return;
            }
        }
    }

    /// <summary>Notes about a run: connection failures and the first error of each kind.</summary>
    public static List<string> Notes(ClientPool pool, Measure.TrafficRecorder recorder)
    {
        var notes = new List<string>();
        if (pool.NotStarted > 0)
        {
            notes.Add($"setup time limit reached: {pool.NotStarted:N0} client(s) not started (raise --setup-timeout)");
        }

        if (pool.Failures > 0)
        {
            notes.Add($"{pool.Failures} client(s) failed to connect or join; first: {pool.FirstFailure}");
        }

        if (recorder.FirstRejection is { } rejection)
        {
            notes.Add($"{recorder.Counters.Rejected} send(s) rejected; first: {rejection}");
        }

        if (recorder.FirstStreamError is { } streamError)
        {
            notes.Add($"{recorder.Counters.StreamsFailed} stream(s) failed; first: {streamError}");
        }

        return notes;
    }
}

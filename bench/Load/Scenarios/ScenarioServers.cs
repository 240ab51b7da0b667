using OrleansChat.Bench.Load.Client;
using OrleansChat.Bench.Load.Reporting;
using OrleansChat.Bench.Load.Servers;
using OrleansChat.Grpc;
using OrleansChat.Protocol.V1;

namespace OrleansChat.Bench.Load.Scenarios;

/// <summary>Starts the server of a target (<c>chat</c> or <c>baseline</c>) and names the method its clients call.</summary>
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

    public static Method<ClientFrame, FrameSummary> ConnectMethod(string target)
        => target == "baseline" ? ChatMethods.BaselineConnect : ChatMethods.ChatConnect;

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

using OrleansChat.Bench.Load.Options;

namespace OrleansChat.Bench.Load.Servers;

/// <summary>
/// Which chat server a run talks to: by default one this process starts from a Release build of <c>Silo/</c>
/// (fresh data directory, one per scenario), or an already running one given with <c>--server</c>.
/// </summary>
internal sealed record ServerOptions(
    Uri? ExternalAddress,
    int? ExternalPid,
    string? SiloDll,
    bool Build,
    IReadOnlyList<string> ExtraArgs,
    IReadOnlyList<string> BaselineArgs,
    IReadOnlyList<KeyValuePair<string, string>> Environment)
{
    public static ServerOptions From(LoadArguments args)
    {
        Uri? address = null;
        if (args.String("server") is { } server)
        {
            if (!Uri.TryCreate(server, UriKind.Absolute, out address) || address.Scheme != Uri.UriSchemeHttp || !address.IsLoopback)
            {
                throw new BenchUsageException($"--server must be an http:// loopback address such as http://127.0.0.1:50051, not '{server}'.");
            }
        }

        var pid = args.Has("server-pid") ? args.Int("server-pid", 0, 1) : (int?)null;
        var extra = args.String("server-args") is { } text ? text.Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];
        var baseline = args.String("baseline-args") is { } baselineText ? baselineText.Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];
        var environment = new List<KeyValuePair<string, string>>();
        if (args.String("server-env") is { } env)
        {
            foreach (var pair in env.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0)
                {
                    throw new BenchUsageException($"--server-env takes NAME=VALUE[,NAME=VALUE…], not '{env}'.");
                }

                environment.Add(new(pair[..equals], pair[(equals + 1)..]));
            }
        }

        return new ServerOptions(address, pid, args.String("server-dll"), !args.Switch("no-build"), extra, baseline, environment);
    }
}

using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace OrleansChat.Cli.Tests.EndToEnd;

/// <summary>The chat server as a real process on 127.0.0.1, state in a data directory. Started with
/// <c>--port 0</c> (or a given port, for a restart on the same address) and ready once it prints its
/// listening line.</summary>
internal sealed partial class SiloProcess : ChildProcess
{
    private const int SigTerm = 15;

    private SiloProcess(string dataDirectory, int port, string[] extraArguments)
        : base(Binaries.Dotnet, [Binaries.Silo, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--web-port", "0", "--data", dataDirectory, .. extraArguments])
    {
        DataDirectory = dataDirectory;
    }

    public string DataDirectory { get; }

    public int Port { get; private set; }

    /// <summary>host:port for the CLI's server argument.</summary>
    public string Address => $"127.0.0.1:{Port}";

    /// <summary>Starts a server and waits for <c>OrleansChat listening on http://127.0.0.1:&lt;port&gt;</c>.</summary>
    public static async Task<SiloProcess> StartAsync(string dataDirectory, int port = 0, params string[] extraArguments)
    {
        // Generous limits: the tests send quickly on purpose.
        var silo = new SiloProcess(dataDirectory, port, ["--messages-per-second", "1000", .. extraArguments]);
        try
        {
            var lines = await silo.Stdout.WaitForLineAsync(l => ListeningLine().IsMatch(l), TestTimeoutsE2E.ServerStart, "the server's listening line");
            silo.Port = int.Parse(ListeningLine().Match(lines.First(l => ListeningLine().IsMatch(l))).Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture);
            return silo;
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGTERM: the graceful stop.</summary>
    public async Task<int> StopAsync()
    {
        if (!HasExited)
        {
            _ = Kill(Id, SigTerm);
        }

        return await WaitForExitAsync(TestTimeoutsE2E.ServerStop);
    }

    public string Log() => $"server stdout:\n{string.Join('\n', Stdout.Snapshot())}\nserver stderr:\n{string.Join('\n', Stderr.Snapshot())}";

    [GeneratedRegex(@"OrleansChat listening on http://127\.0\.0\.1:(?<port>\d+)")]
    private static partial Regex ListeningLine();

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}

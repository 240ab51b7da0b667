using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace OrleansChat.Chat.Tests.EndToEnd;

/// <summary>
/// The real server as a child process: <c>dotnet OrleansChat.Silo.dll --port 0 --data DIR …</c>, ready when it
/// prints <c>OrleansChat listening on http://127.0.0.1:PORT</c>. <see cref="StopAsync"/> sends SIGTERM (a graceful
/// stop that writes state); <see cref="KillAsync"/> is a hard kill that simulates a crash.
/// </summary>
internal sealed partial class ChatServerProcess : IAsyncDisposable
{
    private const int Sigterm = 15;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly BoundedLog _log = new();
    private readonly TaskCompletionSource<int> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly bool _ownsDataDirectory;

    private ChatServerProcess(ServerOptions options)
    {
        Options = options;
        _ownsDataDirectory = options.DataDirectory is null;
        DataDirectory = options.DataDirectory ?? Directory.CreateTempSubdirectory("orleanschat-e2e-").FullName;

        var command = ServerCommand();
        var start = new ProcessStartInfo(command[0])
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var argument in options.Arguments(DataDirectory))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        CommandLine = command[0] + " " + string.Join(' ', start.ArgumentList);

        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => OnLine("out", e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine("err", e.Data);
        _process.Exited += (_, _) => _ready.TrySetException(new EndToEndException(
            $"The server exited (code {SafeExitCode()}) before printing its listening line.\n{Describe()}"));
    }

    public ServerOptions Options { get; }

    public string DataDirectory { get; }

    public string CommandLine { get; }

    public int Port { get; private set; }

    public string Address => $"http://127.0.0.1:{Port}";

    public bool HasExited => _process.HasExited;

    /// <summary>Starts the server and waits (at most 60 s) for its listening line.</summary>
    public static async Task<ChatServerProcess> StartAsync(ServerOptions? options = null)
    {
        var server = new ChatServerProcess(options ?? new ServerOptions());
        server._process.Start();
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        try
        {
            server.Port = await server._ready.Task.WaitAsync(StartTimeout);
        }
        catch (TimeoutException)
        {
            await server.DisposeAsync();
            throw new EndToEndException($"The server did not print 'OrleansChat listening on http://127.0.0.1:<port>' within {StartTimeout.TotalSeconds} s.\n{server.Describe()}");
        }
        catch (EndToEndException)
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Runs the server executable as a tool (e.g. <c>token alice --token-secret s</c>) and returns its
    /// standard output, trimmed; fails when it exits with an error or runs longer than 60 s.</summary>
    public static async Task<string> RunToolAsync(params string[] arguments)
    {
        var command = ServerCommand();
        var start = new ProcessStartInfo(command[0])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in command.Skip(1).Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new EndToEndException($"could not start {command[0]}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(StartTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new EndToEndException($"'{string.Join(' ', start.ArgumentList)}' did not finish within {StartTimeout.TotalSeconds} s");
        }

        if (process.ExitCode != 0)
        {
            throw new EndToEndException($"'{string.Join(' ', start.ArgumentList)}' exited with {process.ExitCode}: {await stderr}{await stdout}");
        }

        return (await stdout).Trim();
    }

    /// <summary>A graceful stop: SIGTERM, then waits (at most 30 s) for the process to exit. Returns its exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (!_process.HasExited)
        {
            if (Kill(_process.Id, Sigterm) != 0)
            {
                throw new EndToEndException($"kill(SIGTERM) failed with errno {Marshal.GetLastPInvokeError()}.\n{Describe()}");
            }

            using var timeout = new CancellationTokenSource(StopTimeout);
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
                throw new EndToEndException($"The server did not exit within {StopTimeout.TotalSeconds} s of SIGTERM; it was killed.\n{Describe()}");
            }
        }

        return _process.ExitCode;
    }

    /// <summary>A crash: SIGKILL, no chance to write anything.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    /// <summary>The command line, port, data directory and the last lines the server printed.</summary>
    public string Describe(int lines = 80)
        => $"--- server: {CommandLine} (pid {SafePid()}, port {Port}, exit {SafeExitCode()}) last output:\n{_log.Tail(lines)}";

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                await StopAsync();
            }
            catch (EndToEndException)
            {
                // StopAsync has already killed it; a failing test reports the server's output itself.
            }
        }

        _process.Dispose();
        if (_ownsDataDirectory)
        {
            DeleteDirectory(DataDirectory);
        }
    }

    /// <summary>Deletes a temporary data directory; a leftover in /tmp is not worth failing a test for.</summary>
    public static void DeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"could not delete {path}: {e.Message}");
        }
    }

    private void OnLine(string stream, string? line)
    {
        if (line is null)
        {
            return;
        }

        _log.Add($"[{stream}] {line}");
        if (stream == "out" && ListeningLine().Match(line) is { Success: true } match)
        {
            _ready.TrySetResult(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
        }
    }

    private string SafeExitCode()
    {
        try
        {
            return _process.HasExited ? _process.ExitCode.ToString(CultureInfo.InvariantCulture) : "running";
        }
        catch (InvalidOperationException)
        {
            return "not started";
        }
    }

    private string SafePid()
    {
        try
        {
            return _process.Id.ToString(CultureInfo.InvariantCulture);
        }
        catch (InvalidOperationException)
        {
            return "?";
        }
    }

    // ORLEANSCHAT_E2E_SERVER runs the suite against another build of the server: a command line (split on
    // spaces) that takes the same arguments, e.g. a published single-file binary.
    private static string[] ServerCommand()
        => Environment.GetEnvironmentVariable("ORLEANSCHAT_E2E_SERVER") is { Length: > 0 } custom
            ? custom.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            : ["dotnet", EndToEndPaths.SiloDll];

    [GeneratedRegex(@"^OrleansChat (?:silo )?listening on http://127\.0\.0\.1:(\d+)\s*$")]
    private static partial Regex ListeningLine();

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}

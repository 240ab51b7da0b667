using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace OrleansChat.Bench.Load.Servers;

/// <summary>
/// A server the benchmark talks to: a child process it started (the chat silo, or this program's raw baseline
/// server), ready once it prints <c>… listening on http://127.0.0.1:&lt;port&gt;</c>; or an external one. Disposing
/// stops the child and deletes its data directory.
/// </summary>
internal sealed partial class ServerProcess : IAsyncDisposable
{
    private const int TailLines = 40;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private readonly Process? _process;
    private readonly string? _dataDirectory;
    private readonly ConcurrentQueue<string> _tail;

    private ServerProcess(string name, Uri address, int? pid, Process? process, string? dataDirectory, ConcurrentQueue<string> tail)
    {
        Name = name;
        Address = address;
        Pid = pid;
        _process = process;
        _dataDirectory = dataDirectory;
        _tail = tail;
    }

    public string Name { get; }

    public Uri Address { get; }

    /// <summary>The process whose memory and CPU are reported; null for an external server without <c>--server-pid</c>.</summary>
    public int? Pid { get; }

    public long? ResidentBytes => Pid is { } pid ? ProcessStats.ResidentBytes(pid) : null;

    public TimeSpan? CpuTime => Pid is { } pid ? ProcessStats.CpuTime(pid) : null;

    /// <summary>The last lines the child wrote, for error reports.</summary>
    public string Tail => string.Join(Environment.NewLine, _tail);

    public bool HasExited => _process is { HasExited: true };

    public static async Task<ServerProcess> StartChatAsync(ServerOptions options, IReadOnlyList<string> scenarioArgs, Action<string> note, CancellationToken cancellationToken)
    {
        if (options.ExternalAddress is { } address)
        {
            return new ServerProcess("chat server (external)", address, options.ExternalPid, null, null, new ConcurrentQueue<string>());
        }

        var data = Directory.CreateTempSubdirectory("orleanschat-bench-").FullName;
        try
        {
            return await StartMemberAsync("chat server", options, scenarioArgs, data, ownsData: true, note, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            TryDeleteDirectory(data);
            throw;
        }
    }

    /// <summary>
    /// Starts one process of a cluster (<c>--cluster sqlite</c> on the shared <paramref name="dataDirectory"/>, which the
    /// caller deletes): a silo prints its cluster endpoint, a gateway its public one.
    /// </summary>
    public static async Task<ServerProcess> StartClusterMemberAsync(ServerOptions options, string role, string dataDirectory, IReadOnlyList<string> scenarioArgs, Action<string> note, CancellationToken cancellationToken)
    {
        List<string> args = ["--cluster", "sqlite", "--role", role, "--silo-port", "0", .. scenarioArgs];
        return await StartMemberAsync(role, options, args, dataDirectory, ownsData: false, note, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<ServerProcess> StartMemberAsync(string name, ServerOptions options, IReadOnlyList<string> scenarioArgs, string data, bool ownsData, Action<string> note, CancellationToken cancellationToken)
    {
        var dll = options.SiloDll ?? await SiloBuild.LocateAsync(options.Build, note, cancellationToken).ConfigureAwait(false);
        List<string> args = [dll, "--port", "0", "--web-port", "0", "--data", data, "--log-level", "Warning", .. scenarioArgs, .. options.ExtraArgs];
        return await LaunchAsync(name, RepoPaths.DotnetHost(), args, options.Environment, ownsData ? data : null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts this program as the raw gRPC fan-out server (<c>load baseline-server</c>) in its own process, with the
    /// chat server's GC settings (Server GC, concurrent, as the Web SDK sets for the silo) rather than the load
    /// generator's, so the two servers differ only by what the chat path does. <c>--server-env</c> still applies last.
    /// </summary>
    public static Task<ServerProcess> StartBaselineAsync(ServerOptions options, CancellationToken cancellationToken)
    {
        var self = typeof(ServerProcess).Assembly.Location;
        List<KeyValuePair<string, string>> environment = [new("DOTNET_gcServer", "1"), new("DOTNET_gcConcurrent", "1"), .. options.Environment];
        return LaunchAsync("baseline server", RepoPaths.DotnetHost(), [self, "load", "baseline-server", .. options.BaselineArgs], environment, null, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Killed but not yet reaped; nothing more to do.
            }

            _process.Dispose();
        }

        if (_dataDirectory is not null)
        {
            TryDeleteDirectory(_dataDirectory);
        }
    }

    [GeneratedRegex(@"listening on (https?://\S+)")]
    private static partial Regex ReadyLine();

    private static async Task<ServerProcess> LaunchAsync(
        string name,
        string fileName,
        IReadOnlyList<string> args,
        IReadOnlyList<KeyValuePair<string, string>> environment,
        string? dataDirectory,
        CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName)
        {
            // The baseline server exits when its input closes, so it cannot outlive a benchmark that crashed.
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var tail = new ConcurrentQueue<string>();
        var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }

            tail.Enqueue(line);
            while (tail.Count > TailLines && tail.TryDequeue(out _))
            {
            }

            if (!ready.Task.IsCompleted && ReadyLine().Match(line) is { Success: true } match)
            {
                ready.TrySetResult(new Uri(match.Groups[1].Value));
            }
        }

        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException(
            $"The {name} exited with code {process.ExitCode} before it was ready:{Environment.NewLine}{string.Join(Environment.NewLine, tail)}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            var address = await ready.Task.WaitAsync(StartTimeout, cancellationToken).ConfigureAwait(false);
            return new ServerProcess(name, address, process.Id, process, dataDirectory, tail);
        }
        catch (Exception ex)
        {
            // The data directory is the caller's to delete; only the child is ours to stop here.
            await new ServerProcess(name, new Uri("http://127.0.0.1"), process.Id, process, null, tail).DisposeAsync().ConfigureAwait(false);
            if (ex is TimeoutException)
            {
                throw new InvalidOperationException($"The {name} did not print its ready line within {StartTimeout.TotalSeconds:0}s:{Environment.NewLine}{string.Join(Environment.NewLine, tail)}", ex);
            }

            throw;
        }
    }

    internal static void TryDeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

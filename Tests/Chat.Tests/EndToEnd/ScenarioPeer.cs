using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace OrleansChat.Chat.Tests.EndToEnd;

/// <summary>
/// A scripted gRPC client process of another language (<c>Tests/Peers/node/chat_scenario.js</c>,
/// <c>Tests/Peers/ruby/chat_scenario.rb</c>) that plays one scenario against a server and prints a JSON line
/// <c>{"step": …}</c> per step. The test waits for steps (signals, not sleeps) and plays the other side.
/// </summary>
internal sealed class ScenarioPeer : IAsyncDisposable
{
    private static readonly TimeSpan StepWait = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly Lock _gate = new();
    private readonly List<JsonObject> _steps = [];
    private readonly BoundedLog _output = new(200);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _stdoutEnded;

    private ScenarioPeer(string executable, IEnumerable<string> arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => OnLine(e.Data, stdout: true);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data, stdout: false);
        _process.Exited += (_, _) => Signal();
    }

    /// <summary>Starts <c>node chat_scenario.js</c> (@grpc/grpc-js from Tests/Peers/node/node_modules).</summary>
    public static ScenarioPeer StartNode(ChatServerProcess server, string user, string room)
    {
        var directory = Path.Combine(EndToEndPaths.RepositoryRoot, "Tests", "Peers", "node");
        if (!Directory.Exists(Path.Combine(directory, "node_modules", "@grpc", "grpc-js")))
        {
            throw new EndToEndException("@grpc/grpc-js is missing: run Tests/install-peers.sh (npm ci in Tests/Peers/node).");
        }

        return Start("node", ["chat_scenario.js", .. CommonArguments(server, user, room), "--grpc-protos", EndToEndPaths.GrpcProtosDirectory], directory);
    }

    /// <summary>Starts <c>ruby chat_scenario.rb</c> (Debian's ruby-grpc).</summary>
    public static ScenarioPeer StartRuby(ChatServerProcess server, string user, string room) =>
        Start("ruby", ["chat_scenario.rb", .. CommonArguments(server, user, room)], Path.Combine(EndToEndPaths.RepositoryRoot, "Tests", "Peers", "ruby"));

    /// <summary>Waits for a step and returns its line.</summary>
    public async Task<JsonObject> WaitForStepAsync(string step)
    {
        using var timeout = new CancellationTokenSource(StepWait);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_steps.FirstOrDefault(s => (string?)s["step"] == step) is { } found)
                {
                    return found;
                }

                if (_steps.FirstOrDefault(s => (string?)s["step"] == "fatal") is { } fatal)
                {
                    throw new EndToEndException($"The peer failed before step '{step}': {fatal["error"]}\n{_output.Tail()}");
                }

                // Exited and every line read: a process can exit before its last lines reach us.
                if (_stdoutEnded && _process.HasExited)
                {
                    throw new EndToEndException($"The peer exited ({_process.ExitCode}) before step '{step}'.\n{_output.Tail()}");
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The peer did not reach step '{step}' within {StepWait.TotalSeconds} s.\n{_output.Tail()}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private static IEnumerable<string> CommonArguments(ChatServerProcess server, string user, string room) =>
        ["--port", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--user", user, "--room", room, "--protos", EndToEndPaths.ProtosDirectory];

    private static ScenarioPeer Start(string executable, IEnumerable<string> arguments, string workingDirectory)
    {
        var peer = new ScenarioPeer(executable, arguments, workingDirectory);
        peer._process.Start();
        peer._process.StandardInput.Close();
        peer._process.BeginOutputReadLine();
        peer._process.BeginErrorReadLine();
        return peer;
    }

    private void OnLine(string? line, bool stdout)
    {
        if (line is null)
        {
            if (stdout)
            {
                lock (_gate)
                {
                    _stdoutEnded = true;
                }

                Signal();
            }

            return;
        }

        _output.Add((stdout ? "out: " : "err: ") + line);
        if (stdout && line.StartsWith('{') && JsonNode.Parse(line) is JsonObject step)
        {
            lock (_gate)
            {
                _steps.Add(step);
            }

            Signal();
        }
    }

    private void Signal()
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }
}

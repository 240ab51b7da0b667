using System.Diagnostics;

namespace OrleansChat.Cli.Tests.EndToEnd;

/// <summary>A private tmux server (its own socket, <c>tmux -L &lt;name&gt;</c>) whose windows run programs in real
/// terminals, so the CLI can be driven as a person would: keys in with <c>send-keys</c>, screen out with
/// <c>capture-pane</c>. Each window's output is also piped to a file; waits re-read the screen when it grows.
/// Disposing kills the tmux server and everything in it.</summary>
internal sealed class TmuxServer : IDisposable
{
    public const int Columns = 120;
    public const int Rows = 40;
    private const string Session = "cli";

    private readonly string _socket = "orleanschat-cli-" + Guid.NewGuid().ToString("N")[..12];
    private readonly TempDirectory _logs = new("orleanschat-tmux-");
    private readonly FileSystemWatcher _watcher;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _started;
    private string? _socketPath;

    public TmuxServer()
    {
        if (!File.Exists("/usr/bin/tmux") && !File.Exists("/usr/local/bin/tmux"))
        {
            throw new InvalidOperationException("tmux is not installed; install it with: apt-get install -y tmux");
        }

        _watcher = new FileSystemWatcher(_logs.Path) { NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.FileName };
        _watcher.Changed += (_, _) => Pulse();
        _watcher.Created += (_, _) => Pulse();
        _watcher.EnableRaisingEvents = true;
    }

    /// <summary>Opens a window named <paramref name="name"/> running <paramref name="command"/> (argv, no shell
    /// quoting needed). When the program exits the window prints <c>[exited N]</c> and stays open.</summary>
    public void Start(string name, params string[] command)
    {
        var program = string.Join(' ', command.Select(Quote));
        var script = $"{program}; echo \"[exited $?]\"; exec cat";
        var environment = new[] { "-e", "DOTNET_NOLOGO=1", "-e", "TERM=screen" };
        if (!_started)
        {
            Run(["-f", "/dev/null", "new-session", "-d", "-s", Session, "-n", name, "-x", Columns.ToString(System.Globalization.CultureInfo.InvariantCulture), "-y", Rows.ToString(System.Globalization.CultureInfo.InvariantCulture), .. environment, "bash", "-c", script]);
            Run(["set-option", "-t", Session, "history-limit", "5000"]);
            _socketPath = Run(["display-message", "-p", "#{socket_path}"]).Trim();
            _started = true;
        }
        else
        {
            Run(["new-window", "-d", "-t", Session, "-n", name, .. environment, "bash", "-c", script]);
        }

        Run(["pipe-pane", "-o", "-t", Target(name), $"cat >> {Quote(Path.Combine(_logs.Path, name + ".log"))}"]);
    }

    /// <summary>Types text literally (no Enter).</summary>
    public void Type(string window, string text) => Run(["send-keys", "-t", Target(window), "-l", text]);

    /// <summary>Presses named keys: Enter, C-d, BSpace, Left, …</summary>
    public void Press(string window, params string[] keys) => Run(["send-keys", "-t", Target(window), .. keys]);

    public void TypeLine(string window, string text)
    {
        Type(window, text);
        Press(window, "Enter");
    }

    /// <summary>The visible screen, one string per row, trailing blanks trimmed.</summary>
    public IReadOnlyList<string> Capture(string window)
        => Run(["capture-pane", "-p", "-J", "-t", Target(window)]).Split('\n').Select(l => l.TrimEnd()).ToList();

    /// <summary>Waits until the screen of <paramref name="window"/> satisfies <paramref name="condition"/>.</summary>
    public async Task<IReadOnlyList<string>> WaitForScreenAsync(string window, Func<IReadOnlyList<string>, bool> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TestTimeoutsE2E.Line;
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            Task changed;
            lock (_watcher)
            {
                changed = _changed.Task;
            }

            var screen = Capture(window);
            if (condition(screen))
            {
                return screen;
            }

            var left = limit - stopwatch.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                throw new Xunit.Sdk.XunitException($"{what}: not on the screen of '{window}' within {limit.TotalSeconds} s. Screen:\n{string.Join('\n', screen).TrimEnd()}");
            }

            // Output in the window grows its log; a change also reaches tmux's screen a moment later, so the
            // wait is capped and the screen read again.
            await Task.WhenAny(changed, Task.Delay(TimeSpan.FromMilliseconds(Math.Min(250, left.TotalMilliseconds))));
        }
    }

    public Task<IReadOnlyList<string>> WaitForTextAsync(string window, string text, TimeSpan? timeout = null)
        => WaitForScreenAsync(window, screen => screen.Any(l => l.Contains(text, StringComparison.Ordinal)), $"'{text}'", timeout);

    /// <summary>The column of the window's cursor (0-based).</summary>
    public int CursorColumn(string window)
        => int.Parse(Run(["display-message", "-p", "-t", Target(window), "#{cursor_x}"]).Trim(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The last non-empty row: where the prompt is.</summary>
    public static string LastLine(IReadOnlyList<string> screen) => screen.LastOrDefault(l => l.Length > 0) ?? string.Empty;

    public void Dispose()
    {
        if (_started)
        {
            try
            {
                Run(["kill-server"]);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            // tmux leaves its socket file behind.
            if (_socketPath is { Length: > 0 } && File.Exists(_socketPath))
            {
                File.Delete(_socketPath);
            }
        }

        _watcher.Dispose();
        _logs.Dispose();
    }

    private static string Target(string window) => $"{Session}:{window}";

    private static string Quote(string argument) => "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private void Pulse()
    {
        TaskCompletionSource changed;
        lock (_watcher)
        {
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    private string Run(string[] arguments)
    {
        var start = new ProcessStartInfo("tmux")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-L");
        start.ArgumentList.Add(_socket);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("tmux did not start");
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"tmux {string.Join(' ', arguments)} failed ({process.ExitCode}): {error.Trim()}");
        }

        return output;
    }
}

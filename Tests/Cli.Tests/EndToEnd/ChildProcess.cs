using System.Diagnostics;

namespace OrleansChat.Cli.Tests.EndToEnd;

/// <summary>A child process with its stdin open for writing and its stdout and stderr collected line by line.
/// Disposing kills it if it still runs.</summary>
internal class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;

    protected ChildProcess(string fileName, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
            StandardErrorEncoding = System.Text.Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => Collect(Stdout, e.Data);
        _process.ErrorDataReceived += (_, e) => Collect(Stderr, e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public OutputLines Stdout { get; } = new();

    public OutputLines Stderr { get; } = new();

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public async Task WriteLineAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    public void CloseInput() => _process.StandardInput.Close();

    /// <summary>Waits for the exit (and for all its output) and returns the exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException(
                $"{Describe()} did not exit within {timeout.TotalSeconds} s.\nstdout:\n{string.Join('\n', Stdout.Snapshot())}\nstderr:\n{string.Join('\n', Stderr.Snapshot())}");
        }

        return _process.ExitCode;
    }

    /// <summary>Kills at once (SIGKILL): a crash, with nothing written on the way out.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await KillAsync();
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }

        _process.Dispose();
        GC.SuppressFinalize(this);
    }

    public string Describe() => $"{Path.GetFileName(_process.StartInfo.ArgumentList.FirstOrDefault() ?? _process.StartInfo.FileName)} (pid {_process.Id})";

    private static void Collect(OutputLines lines, string? line)
    {
        if (line is null)
        {
            lines.Close();
        }
        else
        {
            lines.Add(line);
        }
    }
}

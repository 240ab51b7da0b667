using System.Diagnostics;
using System.Text;

namespace OrleansChat.Grpc.Tests.Interop;

/// <summary>Runs a program to completion with a time limit, capturing what it prints.</summary>
internal static class ExternalProcess
{
    public static async Task<ExternalProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string> environment,
        TimeSpan timeout)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start {fileName}.");
        process.StandardInput.Close();
        var standardOutput = process.StandardOutput.ReadToEndAsync();
        var standardError = process.StandardError.ReadToEndAsync();

        var timedOut = false;
        using (var deadline = new CancellationTokenSource(timeout))
        {
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                timedOut = true;
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
            }
        }

        return new ExternalProcessResult(
            CommandLine: string.Concat(environment.Select(e => $"{e.Key}={e.Value} ")) + fileName + " " + string.Join(' ', startInfo.ArgumentList),
            ExitCode: process.ExitCode,
            TimedOut: timedOut,
            Timeout: timeout,
            StandardOutput: await standardOutput,
            StandardError: await standardError);
    }

    /// <summary>Finds a program on PATH, or null.</summary>
    public static string? FindOnPath(string program)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}

internal sealed record ExternalProcessResult(
    string CommandLine,
    int ExitCode,
    bool TimedOut,
    TimeSpan Timeout,
    string StandardOutput,
    string StandardError)
{
    public bool Succeeded => !TimedOut && ExitCode == 0;

    public string Describe()
    {
        var text = new StringBuilder()
            .AppendLine(TimedOut ? $"timed out after {Timeout.TotalSeconds:0} s and was killed" : $"exit code {ExitCode}")
            .AppendLine($"command: {CommandLine}")
            .AppendLine("--- stdout ---")
            .AppendLine(StandardOutput.TrimEnd())
            .AppendLine("--- stderr ---")
            .AppendLine(StandardError.TrimEnd());
        return text.ToString();
    }
}

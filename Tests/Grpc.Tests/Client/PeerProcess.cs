using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace OrleansChat.Grpc.Tests.Client;

public enum PeerKind
{
    /// <summary>Tests/Peers/python/echo_server.py on Debian's python3-grpcio (grpc core).</summary>
    Python,

    /// <summary>Tests/Peers/node/echo_server.js on @grpc/grpc-js.</summary>
    Node,
}

/// <summary>
/// A real gRPC server in its own process, on 127.0.0.1 and the ephemeral port it prints first. It exits when its
/// stdin closes, so it dies with the test run even if disposal never happens; disposal closes stdin and, if the
/// process lingers, kills it.
/// </summary>
public sealed class PeerProcess : IAsyncDisposable
{
    public const string DebianPython = "/usr/bin/python3";
    private const string PythonInstallHint = "install Debian's packages: apt-get install -y python3-grpcio python3-grpc-tools";
    private const string NodeInstallHint = "install the Node peer's packages: cd Tests/Peers/node && npm ci (needs node and npm: apt-get install -y nodejs npm)";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly StringBuilder _stderr;

    private PeerProcess(PeerKind kind, Process process, StringBuilder stderr, int port)
    {
        Kind = kind;
        _process = process;
        _stderr = stderr;
        Port = port;
    }

    public PeerKind Kind { get; }

    public int Port { get; }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Starts the peer; fails (never skips) with what to install when its runtime or packages are missing.</summary>
    public static async Task<PeerProcess> StartAsync(PeerKind kind, params string[] arguments)
    {
        var peers = Path.Combine(RepositoryRoot(), "Tests", "Peers");
        var (fileName, script, hint) = kind switch
        {
            PeerKind.Python => (DebianPython, Path.Combine(peers, "python", "echo_server.py"), PythonInstallHint),
            _ => (FindOnPath("node") ?? "node", Path.Combine(peers, "node", "echo_server.js"), NodeInstallHint),
        };

        if (kind == PeerKind.Python && !File.Exists(DebianPython))
        {
            throw MissingPeer(kind, $"{DebianPython} does not exist", hint);
        }

        if (kind == PeerKind.Node)
        {
            if (FindOnPath("node") is null)
            {
                throw MissingPeer(kind, "'node' is not on PATH", hint);
            }

            if (!File.Exists(Path.Combine(peers, "node", "node_modules", "@grpc", "grpc-js", "package.json")))
            {
                throw MissingPeer(kind, "Tests/Peers/node/node_modules has no @grpc/grpc-js", hint);
            }
        }

        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(script)!,
        };
        startInfo.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // Debian's python must see Debian's packages, not a virtualenv's or pyenv's.
        startInfo.Environment.Remove("PYTHONPATH");
        startInfo.Environment.Remove("PYTHONHOME");
        startInfo.Environment["PYTHONUNBUFFERED"] = "1";

        var stderr = new StringBuilder();
        var process = new Process { StartInfo = startInfo };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stderr)
                {
                    stderr.AppendLine(e.Data);
                }
            }
        };

        process.Start();
        process.BeginErrorReadLine();
        string? firstLine;
        try
        {
            firstLine = await process.StandardOutput.ReadLineAsync().WaitAsync(StartTimeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"The {kind} peer printed no port within {StartTimeout}. stderr:\n{Text(stderr)}");
        }

        if (!int.TryParse(firstLine, NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            try
            {
                await process.WaitForExitAsync().WaitAsync(StopTimeout);
            }
            catch (TimeoutException)
            {
                process.Kill(entireProcessTree: true);
            }

            throw MissingPeer(kind, $"{fileName} {script} did not start (first line: '{firstLine}'). stderr:\n{Text(stderr)}", hint);
        }

        return new PeerProcess(kind, process, stderr, port);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            await _process.WaitForExitAsync().WaitAsync(StopTimeout);
        }
        catch (TimeoutException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        finally
        {
            _process.Dispose();
        }
    }

    /// <summary>The repository root: the first folder above the test binaries that holds Tests/Peers/peer.proto.</summary>
    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Tests", "Peers", "peer.proto")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds Tests/Peers/peer.proto.");
    }

    private static Exception MissingPeer(PeerKind kind, string problem, string hint)
    {
        var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
            ? " CI must install it before the tests run."
            : string.Empty;
        return new InvalidOperationException($"The {kind} gRPC peer cannot run: {problem}. To fix it, {hint}.{ci}");
    }

    private static string? FindOnPath(string program)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, program);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static string Text(StringBuilder builder)
    {
        lock (builder)
        {
            return builder.ToString();
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using OrleansChat.Grpc.Testing;
using OrleansChat.InteropServer;

namespace OrleansChat.Grpc.Tests.Interop;

/// <summary>
/// One interop server (<c>Tests/InteropServer</c>) running as its own process on 127.0.0.1 with a free port.
/// Start-up waits for the server's <c>listening on port N</c> line; the server stops when its standard input
/// closes (so it cannot outlive the test run), and is killed if it does not stop in time.
/// </summary>
public sealed class InteropServerProcess : IAsyncDisposable
{
    private const string ServerAssemblyFileName = "OrleansChat.InteropServer.dll";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);

    private readonly Process _process;
    private readonly string _workDirectory;
    private readonly StringBuilder _log = new();
    private readonly Task _drainStandardOutput;
    private readonly Task _drainStandardError;
    private readonly TaskCompletionSource<int> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private InteropServerProcess(Process process, InteropTransport transport, string workDirectory, string? certificatePemPath)
    {
        _process = process;
        _workDirectory = workDirectory;
        Transport = transport;
        CertificatePemPath = certificatePemPath;
        _drainStandardOutput = DrainAsync(process.StandardOutput, OnStandardOutputLine);
        _drainStandardError = DrainAsync(process.StandardError, line => AppendLog("stderr", line));
    }

    public InteropTransport Transport { get; }

    public int Port { get; private set; }

    /// <summary>With TLS, the PEM of the certificate the server presents (its own root); null in plaintext.</summary>
    public string? CertificatePemPath { get; }

    /// <summary>The name clients must verify the certificate against (the interop tests' usual override).</summary>
    public string TargetNameOverride => TestCertificates.InteropHostOverride;

    public Uri Address => new(
        (Transport == InteropTransport.Tls ? "https" : "http") + "://127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture));

    /// <summary>Everything the server printed so far (its logs go to stderr), for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>How many characters <see cref="Log"/> holds now; a later <see cref="LogSince"/> shows only what came after.</summary>
    public int LogLength
    {
        get
        {
            lock (_log)
            {
                return _log.Length;
            }
        }
    }

    public string LogSince(int position)
    {
        lock (_log)
        {
            return _log.ToString(position, _log.Length - position);
        }
    }

    public X509Certificate2 LoadCertificate()
        => X509Certificate2.CreateFromPem(File.ReadAllText(
            CertificatePemPath ?? throw new InvalidOperationException("A plaintext server has no certificate.")));

    public static async Task<InteropServerProcess> StartAsync(InteropTransport transport)
    {
        var serverAssembly = Path.Combine(AppContext.BaseDirectory, ServerAssemblyFileName);
        if (!File.Exists(serverAssembly))
        {
            throw new FileNotFoundException(
                $"The interop server was not built next to the tests; build Tests/InteropServer (expected {serverAssembly}).",
                serverAssembly);
        }

        var workDirectory = Directory.CreateTempSubdirectory("orleanschat-interop-").FullName;
        var certificatePemPath = transport == InteropTransport.Tls ? Path.Combine(workDirectory, "server-cert.pem") : null;

        var startInfo = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workDirectory,
        };
        startInfo.ArgumentList.Add(serverAssembly);
        startInfo.ArgumentList.Add("--port=0");
        startInfo.ArgumentList.Add("--use_tls=" + (transport == InteropTransport.Tls ? "true" : "false"));
        startInfo.ArgumentList.Add("--stop_on_stdin_close");
        if (certificatePemPath is not null)
        {
            startInfo.ArgumentList.Add("--cert_pem_out=" + certificatePemPath);
        }

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start the interop server.");
        var server = new InteropServerProcess(process, transport, workDirectory, certificatePemPath);
        try
        {
            server.Port = await server.WaitUntilListeningAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.Close();
                using var stopTimeout = new CancellationTokenSource(StopTimeout);
                try
                {
                    await _process.WaitForExitAsync(stopTimeout.Token);
                }
                catch (OperationCanceledException) when (stopTimeout.IsCancellationRequested)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync(CancellationToken.None);
                }
            }

            await Task.WhenAll(_drainStandardOutput, _drainStandardError);
        }
        finally
        {
            _process.Dispose();
            Directory.Delete(_workDirectory, recursive: true);
        }
    }

    private async Task<int> WaitUntilListeningAsync()
    {
        Task first;
        try
        {
            first = await Task.WhenAny(_listening.Task, _process.WaitForExitAsync()).WaitAsync(StartTimeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException(
                $"The {Transport} interop server did not print '{InteropServerProgram.ListeningLinePrefix}<port>' within {StartTimeout.TotalSeconds:0} s.\n{Log}");
        }

        if (first == _listening.Task)
        {
            return await _listening.Task;
        }

        await Task.WhenAll(_drainStandardOutput, _drainStandardError);
        throw new InvalidOperationException(
            $"The {Transport} interop server exited with code {_process.ExitCode} before listening.\n{Log}");
    }

    private void OnStandardOutputLine(string line)
    {
        AppendLog("stdout", line);
        if (line.StartsWith(InteropServerProgram.ListeningLinePrefix, StringComparison.Ordinal)
            && int.TryParse(line.AsSpan(InteropServerProgram.ListeningLinePrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            _listening.TrySetResult(port);
        }
    }

    private void AppendLog(string stream, string line)
    {
        lock (_log)
        {
            _log.Append('[').Append(stream).Append("] ").AppendLine(line);
        }
    }

    private static async Task DrainAsync(StreamReader reader, Action<string> onLine)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            onLine(line);
        }
    }

    /// <summary>The dotnet host running these tests (the SDK sets DOTNET_HOST_PATH), else <c>dotnet</c> on PATH.</summary>
    private static string DotnetHost()
    {
        var hostPath = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(hostPath) && File.Exists(hostPath))
        {
            return hostPath;
        }

        var processPath = Environment.ProcessPath;
        if (processPath is not null && Path.GetFileNameWithoutExtension(processPath) == "dotnet")
        {
            return processPath;
        }

        return "dotnet";
    }
}

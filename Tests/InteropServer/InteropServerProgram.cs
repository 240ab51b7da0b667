using System.Net;
using System.Runtime.InteropServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using OrleansChat.Grpc.Server;
using OrleansChat.Grpc.Testing;

namespace OrleansChat.InteropServer;

/// <summary>
/// Runs the interop server: parses the command line, starts <c>grpc.testing.TestService</c> on 127.0.0.1,
/// announces itself on standard output and serves until SIGINT/SIGTERM (or, if asked, until stdin closes).
/// Standard output carries only the announcement lines; logs go to standard error.
/// </summary>
public static class InteropServerProgram
{
    /// <summary>The last line printed at start-up, followed by the bound port: <c>listening on port 43567</c>.</summary>
    public const string ListeningLinePrefix = "listening on port ";

    /// <summary>With TLS, printed before the listening line, followed by the path of the certificate's PEM.</summary>
    public const string CertificateLinePrefix = "certificate pem ";

    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, TextReader input)
    {
        InteropServerOptions options;
        try
        {
            options = InteropServerOptions.Parse(args);
        }
        catch (ArgumentException ex)
        {
            await error.WriteLineAsync(ex.Message);
            await error.WriteLineAsync(InteropServerOptions.Usage);
            return 2;
        }

        using var stop = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

        using var certificate = options.UseTls ? TestCertificates.CreateSelfSigned() : null;
        if (certificate is not null)
        {
            var pemPath = options.CertificatePemPath
                ?? Path.Combine(Path.GetTempPath(), $"orleanschat-interop-{Environment.ProcessId}.pem");
            TestCertificates.WritePemFile(certificate, pemPath);
            await output.WriteLineAsync(CertificateLinePrefix + Path.GetFullPath(pemPath));
        }

        var hostOptions = new GrpcHostOptions
        {
            Address = IPAddress.Loopback,
            Port = options.Port,
            Certificate = certificate,
            ConfigureLogging = ConfigureLogging,
        };

        await using var host = await GrpcHost.StartAsync(hostOptions, ConfigureServices, stop.Token);
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(InteropServerProgram).FullName!);
        InteropServerLog.Listening(logger, host.Address, options.UseTls);
        await output.WriteLineAsync(ListeningLinePrefix + host.Port);
        await output.FlushAsync(CancellationToken.None);

        if (options.StopOnStdinClose)
        {
            // Console input has no truly asynchronous read: block a pool thread, not the server.
            _ = Task.Run(() => WaitForEndOfInput(input, stop, logger), CancellationToken.None);
        }

        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (stop.Token.Register(() => stopped.TrySetResult()))
        {
            await stopped.Task;
        }

        using var stopTimeout = new CancellationTokenSource(StopTimeout);
        await host.StopAsync(stopTimeout.Token);
        return 0;

        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }

    private static void ConfigureServices(IServiceCollection services)
    {
        services.AddGrpcService(new TestService().BindService());
    }

    private static void ConfigureLogging(ILoggingBuilder logging)
    {
        logging.SetMinimumLevel(LogLevel.Information);
        logging.AddFilter("Microsoft", LogLevel.Warning);
        logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss.fff ";
        });
        logging.Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
    }

    private static void WaitForEndOfInput(TextReader input, CancellationTokenSource stop, ILogger logger)
    {
        while (input.ReadLine() is not null)
        {
        }

        InteropServerLog.Stopping(logger, "standard input closed");
        stop.Cancel();
    }
}

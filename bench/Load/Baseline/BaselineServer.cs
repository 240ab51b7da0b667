using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using OrleansChat.Bench.Load.Options;

namespace OrleansChat.Bench.Load.Baseline;

/// <summary>
/// <c>bench load baseline-server [--port N] [--lifetime 30m]</c>: serves <see cref="BroadcastService"/> on grpc-dotnet
/// (Kestrel, h2c on 127.0.0.1, the chat server's transport with nothing behind it), prints
/// <c>Baseline listening on http://127.0.0.1:&lt;port&gt;</c>, and runs until its standard input closes (the
/// benchmark that started it ended), the lifetime runs out or the process is told to stop, whichever is first.
/// </summary>
internal static class BaselineServer
{
    public static async Task<int> RunAsync(LoadArguments args)
    {
        var port = args.Int("port", 0, 0, 65535);
        var lifetime = args.Duration("lifetime", TimeSpan.FromMinutes(30), TimeSpan.FromHours(24));
        args.ThrowIfUnused();

        ListenOptions? endpoint = null;
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "OrleansChat.Bench.Baseline" });
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, port, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                endpoint = listen;
            });
        });

        // stdout carries only the ready line; warnings and errors go to stderr (the benchmark shows its tail on failure).
        builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
        builder.Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.Configure<ConsoleLifetimeOptions>(options => options.SuppressStatusMessages = true);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddGrpc(grpc => grpc.EnableDetailedErrors = false);
        builder.Services.AddSingleton<BroadcastService>();

        await using var app = builder.Build();
        app.MapGrpcService<BroadcastService>();
        await app.StartAsync().ConfigureAwait(false);

        // Kestrel writes the bound port back into the listen options, so port 0 reads as the port it picked.
        var boundPort = endpoint?.IPEndPoint?.Port ?? port;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Baseline listening on http://127.0.0.1:{boundPort}"));

        var stdinClosed = Task.Run(() =>
        {
            while (Console.In.ReadLine() is not null)
            {
            }
        });
        await Task.WhenAny(stdinClosed, Task.Delay(lifetime, app.Lifetime.ApplicationStopping)).ConfigureAwait(false);
        await app.StopAsync().ConfigureAwait(false);
        return 0;
    }
}

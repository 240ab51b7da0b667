using System.Globalization;
using OrleansChat.Bench.Load.Options;
using OrleansChat.Grpc.Server;

namespace OrleansChat.Bench.Load.Baseline;

/// <summary>
/// <c>bench load baseline-server [--port N] [--lifetime 30m]</c>: serves <see cref="BroadcastService"/> on the project's
/// gRPC server, prints <c>Baseline listening on http://127.0.0.1:&lt;port&gt;</c>, and runs until its standard input
/// closes (the benchmark that started it ended) or the lifetime runs out, whichever is first.
/// </summary>
internal static class BaselineServer
{
    public static async Task<int> RunAsync(LoadArguments args)
    {
        var port = args.Int("port", 0, 0, 65535);
        var lifetime = args.Duration("lifetime", TimeSpan.FromMinutes(30), TimeSpan.FromHours(24));
        args.ThrowIfUnused();

        var service = new BroadcastService();
        await using var host = await GrpcHost.StartAsync(
            new GrpcHostOptions { Port = port, ConfigureGrpc = grpc => grpc.ResponseStreamCapacity = BroadcastService.SessionQueueCapacity },
            services => services.AddGrpcService(service.Definition)).ConfigureAwait(false);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Baseline listening on {host.Address}"));

        var stdinClosed = Task.Run(() =>
        {
            while (Console.In.ReadLine() is not null)
            {
            }
        });
        await Task.WhenAny(stdinClosed, Task.Delay(lifetime)).ConfigureAwait(false);
        return 0;
    }
}

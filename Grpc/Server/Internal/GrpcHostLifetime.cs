using Microsoft.Extensions.Hosting;

namespace OrleansChat.Grpc.Server.Internal;

/// <summary>
/// The lifetime of a <see cref="GrpcHost"/>: started and stopped by its owner only. The default console lifetime
/// would take over Ctrl+C and SIGTERM and stop the server behind the back of a program that waits on something
/// else, leaving the process running.
/// </summary>
internal sealed class GrpcHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

using Microsoft.Extensions.Hosting;

namespace OrleansChat.Runtime.Cluster;

/// <summary>
/// The lifetime of a <see cref="ClusterEndpointHost"/>: started and stopped by the silo only. The default console
/// lifetime would take over Ctrl+C and SIGTERM and stop the endpoint behind the silo's back.
/// </summary>
internal sealed class ClusterEndpointLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

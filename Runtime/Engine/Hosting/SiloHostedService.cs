using Microsoft.Extensions.Hosting;

namespace OrleansChat.Runtime.Hosting;

/// <summary>Starts and stops the <see cref="Silo"/> with the host (Orleans' <c>SiloHostedService</c>).</summary>
internal sealed class SiloHostedService(Silo silo) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => silo.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => silo.StopAsync(cancellationToken);
}

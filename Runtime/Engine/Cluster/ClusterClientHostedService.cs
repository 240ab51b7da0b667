using Microsoft.Extensions.Hosting;
using OrleansChat.Runtime.Membership;

namespace OrleansChat.Runtime.Cluster;

/// <summary>
/// Starts and stops a cluster client with its host: the membership reader, then a loop that acts on membership
/// changes (calls waiting on dead silos fail at once, new silos' manifests are read, readiness follows). Starting does
/// not wait for the cluster: see <see cref="IClusterClient.WaitForClusterAsync"/>.
/// </summary>
internal sealed class ClusterClientHostedService(
    MembershipReader reader,
    ClusterViewWatcher watcher,
    ClusterClient client,
    RemoteGrainInvoker remote) : IHostedService
{
    private static readonly TimeSpan ConnectionStopTimeout = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stopping = new();
    private Task _watching = Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await reader.StartAsync(cancellationToken).ConfigureAwait(false);
        using (ExecutionContext.SuppressFlow())
        {
            _watching = Task.Run(() => watcher.RunAsync(client.OnViewChangedAsync, _stopping.Token), CancellationToken.None);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _watching.ConfigureAwait(false);
        if (cancellationToken.IsCancellationRequested)
        {
            remote.Abort();
        }
        else
        {
            await remote.StopAsync(ConnectionStopTimeout).ConfigureAwait(false);
        }

        await reader.StopAsync(cancellationToken).ConfigureAwait(false);
    }
}

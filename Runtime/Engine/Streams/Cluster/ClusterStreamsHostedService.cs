using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansChat.Runtime.Membership;

namespace OrleansChat.Runtime.Streams;

/// <summary>
/// Runs the cluster stream providers with the host: one loop per provider applies each membership change
/// (<see cref="ClusterStreamProvider.OnMembershipChangedAsync"/>). When the host starts stopping, before any hosted
/// service stops (so before the cluster endpoint drains its calls, whatever the registration order), owned streams
/// are handed over: their subscribers get <see cref="StreamOwnerChangeReason.OwnerStopping"/>; a kill (a stop with a
/// cancelled token) announces nothing.
/// </summary>
internal sealed class ClusterStreamsHostedService(
    IEnumerable<ClusterStreamProvider> providers,
    IServiceProvider services,
    ILoggerFactory loggerFactory) : IHostedLifecycleService
{
    /// <summary>How long a loop pauses after the view itself failed, so a broken view does not spin it.</summary>
    private static readonly TimeSpan FailurePause = TimeSpan.FromSeconds(1);

    private readonly ClusterStreamProvider[] _providers = [.. providers.Distinct()];
    private readonly ILogger _logger = loggerFactory.CreateLogger("OrleansChat.Runtime.Streams.Cluster");
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _loops = [];
    private int _stopped;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (services.GetService(typeof(IClusterMembershipView)) is not IClusterMembershipView view)
        {
            return Task.CompletedTask;
        }

        using (ExecutionContext.SuppressFlow())
        {
            foreach (var provider in _providers)
            {
                _loops.Add(Task.Run(() => WatchAsync(provider, view, _stopping.Token), CancellationToken.None));
            }
        }

        return Task.CompletedTask;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken)
    {
        StopProviders(graceful: !cancellationToken.IsCancellationRequested);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        StopProviders(graceful: !cancellationToken.IsCancellationRequested);
        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_loops).ConfigureAwait(false);
    }

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void StopProviders(bool graceful)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            foreach (var provider in _providers)
            {
                provider.Stop(graceful);
            }
        }
    }

    private async Task WatchAsync(ClusterStreamProvider provider, IClusterMembershipView view, CancellationToken stopping)
    {
        var version = view.Current.Version;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var snapshot = await view.WaitForChangeAsync(version, stopping).ConfigureAwait(false);
                version = snapshot.Version;
                await provider.OnMembershipChangedAsync(snapshot, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                ClusterStreamsLog.MembershipWatchFailed(_logger, provider.Name, exception);
                try
                {
                    await Task.Delay(FailurePause, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }
}

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansChat.Runtime.Catalog;
using OrleansChat.Runtime.Configuration;
using OrleansChat.Runtime.Membership;
using OrleansChat.Runtime.Placement;

namespace OrleansChat.Runtime.Cluster;

/// <summary>
/// A clustered silo's start and stop, driven by <c>Silo</c>:
/// start = cluster endpoint listens (the port makes the address) → membership join (Joining) → [catalog ready] →
/// Active; graceful stop = ShuttingDown → [every activation deactivates] → outgoing connections end → Dead → endpoint
/// stops; kill = endpoint and connections aborted at once (peers see refused and broken connections, as after a crash),
/// nothing written. A silo that reads itself dead in the table (peers declared it dead) kills itself and asks its host
/// to stop.
/// </summary>
internal sealed class ClusterSiloLifecycle(
    ClusterEndpoint endpoint,
    ClusterSiloDetails self,
    MembershipAgent agent,
    SiloMessagingService messaging,
    RemoteGrainInvoker remote,
    ClusterViewWatcher watcher,
    GrainCatalog catalog,
    IOptions<ClusteringOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider timeProvider,
    ILogger<ClusterSiloLifecycle> logger)
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _watching = Task.CompletedTask;
    private CancellationTokenRegistration _declaredDead;
    private int _killed;
    private volatile bool _killedItself;

    /// <summary>True once the silo killed itself after reading itself dead (its host then stops it as killed).</summary>
    public bool KilledItself => _killedItself;

    /// <summary>Listens, takes the address, joins the membership table as Joining.</summary>
    public async Task JoinAsync(CancellationToken cancellationToken)
    {
        var port = await endpoint.StartAsync(self.Name, cancellationToken).ConfigureAwait(false);
        var host = options.Value.AdvertisedHost ?? options.Value.ListenAddress;
        self.SetAddress(new SiloAddress(host + ":" + port.ToString(System.Globalization.CultureInfo.InvariantCulture), timeProvider.GetUtcNow().ToUnixTimeMilliseconds()));
        await agent.JoinAsync(self.SiloAddress, self.Name, cancellationToken).ConfigureAwait(false);
        _declaredDead = agent.DeclaredDead.Register(OnDeclaredDead);
    }

    /// <summary>Becomes Active (placement puts grains here from now on) and starts acting on membership changes.</summary>
    public async Task BecomeActiveAsync(CancellationToken cancellationToken)
    {
        await agent.BecomeActiveAsync(cancellationToken).ConfigureAwait(false);
        using (ExecutionContext.SuppressFlow())
        {
            _watching = Task.Run(() => watcher.RunAsync(afterChange: null, _stopping.Token), CancellationToken.None);
        }
    }

    /// <summary>
    /// Moves to ShuttingDown: peers stop placing grains here; calls still arriving are forwarded or refused. A failure
    /// (the table unreachable) is logged and the stop goes on: peers then see the silo go straight to Dead.
    /// </summary>
    public Task ShutDownAsync(CancellationToken cancellationToken) =>
        Step("moving to ShuttingDown", () => agent.ShutDownAsync(cancellationToken));

    /// <summary>After the activations deactivated: ends outgoing connections, writes Dead, stops the endpoint.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _killed) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await _watching.ConfigureAwait(false);
        await Step("ending outgoing connections", () => remote.StopAsync(options.Value.EndpointStopTimeout)).ConfigureAwait(false);
        await Step("leaving the membership table", () => agent.StopAsync(graceful: true, cancellationToken)).ConfigureAwait(false);
        messaging.Stop();
        await Step("stopping the cluster endpoint", endpoint.StopAsync).ConfigureAwait(false);
        await _declaredDead.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Crash: aborts the endpoint and every connection, stops membership without writing. Idempotent.</summary>
    public async Task KillAsync()
    {
        if (Interlocked.Exchange(ref _killed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        messaging.Stop();
        remote.Abort();
        await Step("aborting the cluster endpoint", endpoint.AbortAsync).ConfigureAwait(false);
        await Step("stopping membership", () => agent.StopAsync(graceful: false, CancellationToken.None)).ConfigureAwait(false);
        await _watching.ConfigureAwait(false);
    }

    private void OnDeclaredDead()
    {
        ClusterLog.DeclaredDead(logger, self.AddressOrNull?.ToString() ?? self.Name);
        _killedItself = true;
        using (ExecutionContext.SuppressFlow())
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    await KillAsync().ConfigureAwait(false);
                    catalog.Kill();
                }
                catch (Exception exception) when (exception is not OutOfMemoryException)
                {
                    ClusterLog.SelfStopFailed(logger, self.Name, exception);
                }
                finally
                {
                    lifetime.StopApplication();
                }
            });
        }
    }

    private async Task Step(string step, Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            ClusterLog.StopStepFailed(logger, self.Name, step, exception);
        }
    }
}

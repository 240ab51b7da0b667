using Microsoft.Extensions.Logging;
using OrleansChat.Runtime.Membership;
using OrleansChat.Runtime.Messaging;
using OrleansChat.Runtime.Observers;

namespace OrleansChat.Runtime.Cluster;

/// <summary>The cluster client's grain factory and readiness (see <see cref="IClusterClient"/>).</summary>
internal sealed class ClusterClient(
    ClusterManifest manifest,
    IClusterMembershipView view,
    IGrainCallInvoker invoker,
    ObserverRegistry observers,
    string clientName,
    ILogger logger) : IClusterClient
{
    private static readonly TimeSpan ManifestRetryDelay = TimeSpan.FromMilliseconds(500);

    private readonly Lock _gate = new();
    private volatile TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsReady => _ready.Task.IsCompleted;

    public Task WaitForClusterAsync(CancellationToken cancellationToken) => _ready.Task.WaitAsync(cancellationToken);

    public TGrainInterface GetGrain<TGrainInterface>(string key)
        where TGrainInterface : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(key);
        var descriptor = InterfaceDescriptor.Get(typeof(TGrainInterface));
        var grainType = manifest.ResolveGrainType(typeof(TGrainInterface));
        return GrainReferenceProxy.Create<TGrainInterface>(new GrainId(grainType, key), descriptor, invoker);
    }

    public TObserver CreateObjectReference<TObserver>(TObserver obj)
        where TObserver : IGrainObserver => observers.Create(obj);

    public void DeleteObjectReference<TObserver>(TObserver reference)
        where TObserver : IGrainObserver => observers.Delete(reference);

    /// <summary>After each membership change: reads new silos' manifests and updates readiness.</summary>
    public async Task OnViewChangedAsync(MembershipSnapshot snapshot, CancellationToken cancellationToken)
    {
        await manifest.RefreshAsync(snapshot, cancellationToken).ConfigureAwait(false);
        while (manifest.InterfaceCount == 0 && snapshot.ActiveSilos.Count > 0 && view.Current.Version == snapshot.Version)
        {
            // No active silo answered yet (it may be starting): try again shortly, unless the view moves first.
            await Task.Delay(ManifestRetryDelay, cancellationToken).ConfigureAwait(false);
            await manifest.RefreshAsync(snapshot, cancellationToken).ConfigureAwait(false);
        }

        var ready = view.Current.ActiveSilos.Count > 0 && manifest.InterfaceCount > 0;
        lock (_gate)
        {
            if (ready && !_ready.Task.IsCompleted)
            {
                _ready.TrySetResult();
                ClusterLog.ClientSeesCluster(logger, clientName, snapshot.ActiveSilos.Count, manifest.InterfaceCount);
            }
            else if (!ready && _ready.Task.IsCompleted)
            {
                _ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }
}

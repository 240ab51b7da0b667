namespace OrleansChat.Runtime.Cluster;

/// <summary>
/// A process that calls grains hosted by a cluster's silos and hosts none itself (a gateway): registered by
/// <c>services.AddClusterClient()</c>, also as <see cref="IGrainFactory"/>. Every call goes to the silo that owns the
/// grain, found by hashing over the active silos of the membership table. Observer references it creates work with
/// grains in this process only: they cannot be passed to grains on silos (the call fails naming the parameter).
/// </summary>
public interface IClusterClient : IGrainFactory
{
    /// <summary>True while at least one silo is active and the client knows which grain interfaces the silos host.</summary>
    bool IsReady { get; }

    /// <summary>
    /// Completes once <see cref="IsReady"/> (at once when it is). <see cref="IGrainFactory.GetGrain{TGrainInterface}"/>
    /// needs the silos' grain manifest, so call this before the first GetGrain after start.
    /// </summary>
    Task WaitForClusterAsync(CancellationToken cancellationToken);
}

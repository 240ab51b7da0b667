using OrleansChat.Gateway.Health;
using OrleansChat.Runtime.Cluster;

namespace OrleansChat.Silo.Hosting;

/// <summary>A gateway without grains can serve calls once its cluster client sees an active silo.</summary>
internal sealed class ClusterClientReadiness(IClusterClient client) : IGrainRuntimeReadiness
{
    public bool IsReady => client.IsReady;
}

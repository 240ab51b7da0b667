namespace OrleansChat.Runtime.Tests.Cluster;

/// <summary>Tests that start a cluster of their own; run on their own like <see cref="ThreeSiloClusterCollection"/>.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterPerTestCollection
{
    public const string Name = "Cluster per test";
}

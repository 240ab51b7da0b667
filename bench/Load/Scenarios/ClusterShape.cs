namespace OrleansChat.Bench.Load.Scenarios;

/// <summary>How many silo and gateway processes the cluster scenario starts.</summary>
internal sealed record ClusterShape(int Silos, int Gateways)
{
    public static readonly ClusterShape Default = new(3, 2);
}

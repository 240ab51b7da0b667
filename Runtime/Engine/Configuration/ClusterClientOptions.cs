namespace OrleansChat.Runtime.Configuration;

/// <summary>Options of a cluster client (a process that calls grains on a cluster's silos and hosts none).</summary>
public sealed class ClusterClientOptions
{
    /// <summary>The client's name, sent to silos with each connection and used in logs. Default "client".</summary>
    public string ClientName { get; set; } = "client";

    /// <summary>
    /// How many requests may wait to be written on one connection to a silo before callers wait for room. Default 10 000.
    /// </summary>
    public int SendQueueCapacity { get; set; } = 10_000;
}

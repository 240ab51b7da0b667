namespace OrleansChat.Runtime.Configuration;

/// <summary>Options of a silo's cluster endpoint (the gRPC listener peers and cluster clients call).</summary>
public sealed class ClusteringOptions
{
    /// <summary>The IP address the cluster endpoint listens on. Default "127.0.0.1" (loopback only).</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>The cluster endpoint's port; 0 picks a free one at start (tests). Default 11111.</summary>
    public int Port { get; set; } = 11111;

    /// <summary>
    /// The host name or address peers use to reach this silo, written into its <c>SiloAddress</c> ("host:port").
    /// Default null: <see cref="ListenAddress"/>, which then must not be a wildcard (0.0.0.0 or ::).
    /// </summary>
    public string? AdvertisedHost { get; set; }

    /// <summary>
    /// How many requests may wait to be written on one connection to a peer before callers wait for room
    /// (backpressure). Default 10 000.
    /// </summary>
    public int SendQueueCapacity { get; set; } = 10_000;

    /// <summary>How long a graceful stop waits for the cluster endpoint's calls to end before aborting them. Default 5 seconds.</summary>
    public TimeSpan EndpointStopTimeout { get; set; } = TimeSpan.FromSeconds(5);
}

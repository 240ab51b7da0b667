using Microsoft.Extensions.Options;
using OrleansChat.Runtime.Configuration;
using OrleansChat.Runtime.Placement;

namespace OrleansChat.Runtime.Cluster;

/// <summary>
/// The local silo's identity in cluster mode. Its <see cref="SiloAddress"/> is ("advertised host:port", start time in
/// ms) and only exists once the cluster endpoint listens (port 0 becomes the real port), i.e. from the silo's start
/// on; <see cref="Name"/> is available at once. Read <see cref="SiloAddress"/> only after the host started (the silo's
/// own start, the test cluster's handles and the grains all do).
/// </summary>
internal sealed class ClusterSiloDetails(IOptions<SiloOptions> options) : ILocalSiloDetails
{
    private volatile SiloAddress? _address;

    public string Name { get; } = options.Value.SiloName;

    /// <exception cref="InvalidOperationException">The silo has not started its cluster endpoint yet.</exception>
    public SiloAddress SiloAddress => _address ?? throw new InvalidOperationException(
        "Silo '" + Name + "' has no cluster address before its cluster endpoint listens; read ILocalSiloDetails.SiloAddress after the silo started.");

    /// <summary>The address, or null before the endpoint listens.</summary>
    public SiloAddress? AddressOrNull => _address;

    /// <summary>Set once by the silo's start.</summary>
    public void SetAddress(SiloAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (_address is not null)
        {
            throw new InvalidOperationException("Silo '" + Name + "' already has the address " + _address + ".");
        }

        _address = address;
    }
}

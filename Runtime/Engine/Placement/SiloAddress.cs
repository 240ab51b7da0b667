namespace OrleansChat.Runtime.Placement;

/// <summary>
/// Where a silo lives: its endpoint (name for in-process silos, host:port once silos talk over the network)
/// and its generation (start time stamp), so a restarted silo is a different address.
/// </summary>
/// <param name="Endpoint">The silo's endpoint or name.</param>
/// <param name="Generation">Distinguishes successive lives of the same endpoint.</param>
public sealed record SiloAddress(string Endpoint, long Generation)
{
    /// <inheritdoc />
    public override string ToString() => Endpoint + "@" + Generation.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

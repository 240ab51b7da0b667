namespace OrleansChat.Gateway.Rooms;

/// <summary>The identity of this gateway process, sent with lease renewals.</summary>
internal sealed class GatewayIdentity
{
    public string Id { get; } = "gw-" + Guid.NewGuid().ToString("N")[..12];
}

namespace OrleansChat.Grains;

/// <summary>
/// Room limits, read by the room grain and by the gateway (which tells clients the history depth and renews
/// session leases well within <see cref="SessionLease"/>).
/// </summary>
public sealed class RoomOptions
{
    /// <summary>How many recent events a room keeps (its history ring). Default 50; 1 to 10 000.</summary>
    public int HistoryDepth { get; set; } = 50;

    /// <summary>How many recent (sender, client message id) pairs a room remembers to drop resends. Default 512.</summary>
    public int DedupeWindow { get; set; } = 512;

    /// <summary>
    /// How long a session stays online without renewal. The gateway renews every third of it; a session whose
    /// gateway died goes offline (with a LEAVE) between one and one and a half leases later. Default 30 s.
    /// </summary>
    public TimeSpan SessionLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The most members a room holds. Default 10 000.</summary>
    public int MaxMembers { get; set; } = 10_000;

    /// <summary>The most online sessions a room holds. Default 10 000.</summary>
    public int MaxSessions { get; set; } = 10_000;
}

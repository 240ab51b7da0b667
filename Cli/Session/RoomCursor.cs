namespace OrleansChat.Cli.Session;

/// <summary>The session's position in one room: the last seq it has seen, which is what a resume asks
/// the server to continue after.</summary>
internal sealed class RoomCursor(string roomId, long order)
{
    public string RoomId { get; } = roomId;

    /// <summary>Join order, so rooms are resumed in the order they were joined.</summary>
    public long Order { get; } = order;

    /// <summary>The highest seq seen in this room, or null before the first <c>Joined</c>.</summary>
    public long? LastSeq { get; private set; }

    /// <summary>True once the server confirmed the join on the current connection.</summary>
    public bool Joined { get; set; }

    /// <summary>True for an event not seen yet; records its seq. Events at or below the last seen seq are
    /// duplicates (a resume overlapping live delivery) and are dropped.</summary>
    public bool TryAdvance(long seq)
    {
        if (LastSeq is { } last && seq <= last)
        {
            return false;
        }

        LastSeq = seq;
        return true;
    }

    /// <summary>Records the room's latest seq at join time; everything up to it counts as seen.</summary>
    public void AdvanceTo(long seq)
    {
        if (LastSeq is not { } last || seq > last)
        {
            LastSeq = seq;
        }
    }

    /// <summary>The server's seq went back (its history was reset): follow it so new events are not taken for duplicates.</summary>
    public void ResetTo(long seq) => LastSeq = seq;
}

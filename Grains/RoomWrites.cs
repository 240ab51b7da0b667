namespace OrleansChat.Grains;

/// <summary>Which persistent states of a room a turn changed and must write before it answers.</summary>
[Flags]
internal enum RoomWrites
{
    /// <summary>Nothing to write.</summary>
    None = 0,

    /// <summary>The <c>room</c> state: members, users announced online, creation time.</summary>
    Members = 1,

    /// <summary>The <c>room-log</c> state: events, last seq, dedupe window.</summary>
    Log = 2,
}

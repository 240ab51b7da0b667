using OrleansChat.Runtime;

namespace OrleansChat.Grains;

/// <summary>
/// Rooms written before the log was split off keep their history, last seq and dedupe window inside the
/// <c>room</c> state (the fields now named <c>legacy_*</c> in <see cref="RoomState"/>). On activation such a room
/// moves them into its <c>room-log</c> state: the log is written first, then the legacy fields are cleared from the
/// room state and it is written. A crash between the two writes leaves both; the next activation finds the log
/// record, which is then the truth, and only clears the legacy fields.
/// </summary>
internal static class LegacyRoomLog
{
    /// <summary>Moves a legacy log into <paramref name="log"/>; returns the number of events moved, or null when there was none.</summary>
    public static async Task<int?> MigrateAsync(IPersistentState<RoomState> room, RoomLog log)
    {
        // The legacy fields are [deprecated] in grains.proto so that nothing else uses them; this is their one reader.
#pragma warning disable CS0612
        var state = room.State;
        if (state.LegacyHistory.Count == 0 && state.LegacyLastSeq == 0 && state.LegacyDedupe.Count == 0)
        {
            return null;
        }

        var moved = 0;
        if (!log.RecordExists)
        {
            await log.AdoptAsync(state.LegacyHistory, state.LegacyLastSeq, state.LegacyDedupe);
            moved = state.LegacyHistory.Count;
        }

        state.LegacyHistory.Clear();
        state.LegacyLastSeq = 0;
        state.LegacyDedupe.Clear();
#pragma warning restore CS0612
        await room.WriteStateAsync();
        return moved;
    }
}

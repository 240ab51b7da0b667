using OrleansChat.Runtime;

namespace OrleansChat.Grains;

/// <summary>
/// The sequenced side of a room, persisted as the grain state <c>room-log</c>: the ring of the last events, the
/// last seq and the dedupe window of recent (sender, client message id) pairs. A chat message writes this record
/// alone, so its cost does not depend on how many members the room has. Owned by one <see cref="RoomGrain"/>
/// activation and used only inside its turns (no locking).
/// </summary>
internal sealed class RoomLog
{
    private readonly IPersistentState<RoomLogState> _state;
    private readonly int _historyDepth;
    private readonly int _dedupeWindow;
    private readonly Dictionary<(string SenderId, string ClientMessageId), DedupeEntry> _dedupe = [];

    /// <summary>Wraps the injected state; call <see cref="Load"/> once it has been read.</summary>
    public RoomLog(IPersistentState<RoomLogState> state, RoomOptions options)
    {
        _state = state;
        _historyDepth = options.HistoryDepth;
        _dedupeWindow = options.DedupeWindow;
    }

    /// <summary>Whether storage holds a log record for the room.</summary>
    public bool RecordExists => _state.RecordExists;

    /// <summary>The seq of the latest event (0 before the first).</summary>
    public long LastSeq => _state.State.LastSeq;

    /// <summary>The kept events, oldest first.</summary>
    public IReadOnlyList<RoomEvent> History => _state.State.History;

    /// <summary>
    /// Applies the current limits to what was read (the history depth or dedupe window may have shrunk since it
    /// was written) and indexes the dedupe window. Called after every read.
    /// </summary>
    public void Load()
    {
        TrimHistory();
        _dedupe.Clear();
        foreach (var entry in _state.State.Dedupe)
        {
            _dedupe[(entry.SenderId, entry.ClientMessageId)] = entry;
        }

        TrimDedupe();
    }

    /// <summary>Gives the event the next seq and adds it to the ring, dropping the oldest beyond the depth.</summary>
    public RoomEvent Append(string roomId, RoomEventKind kind, MemberRecord sender, string text, DateTimeOffset now, string clientMessageId = "")
    {
        var roomEvent = new RoomEvent
        {
            RoomId = roomId,
            Seq = ++_state.State.LastSeq,
            MessageId = Guid.NewGuid().ToString("N"),
            SenderId = sender.UserId,
            SenderDisplayName = sender.DisplayName,
            SenderAvatar = sender.Avatar,
            Text = text,
            ServerTimeUnixMs = now.ToUnixTimeMilliseconds(),
            Kind = kind,
            ClientMessageId = clientMessageId,
        };
        _state.State.History.Add(roomEvent);
        TrimHistory();
        return roomEvent;
    }

    /// <summary>Finds an earlier message of the sender with the same client message id, if still in the window.</summary>
    public bool TryGetOriginal(string senderId, string clientMessageId, out DedupeEntry original) =>
        _dedupe.TryGetValue((senderId, clientMessageId), out original!);

    /// <summary>Remembers a message's client message id, forgetting the oldest beyond the window.</summary>
    public void Remember(RoomEvent message)
    {
        var entry = new DedupeEntry
        {
            SenderId = message.SenderId,
            ClientMessageId = message.ClientMessageId,
            Seq = message.Seq,
            ServerTimeUnixMs = message.ServerTimeUnixMs,
            MessageId = message.MessageId,
        };
        _state.State.Dedupe.Add(entry);
        _dedupe[(entry.SenderId, entry.ClientMessageId)] = entry;
        TrimDedupe();
    }

    /// <summary>The latest <paramref name="limit"/> events, oldest first; only those before <paramref name="beforeSeq"/> when it is positive.</summary>
    public List<RoomEvent> Latest(int limit, long beforeSeq = 0)
    {
        var events = beforeSeq > 0 ? _state.State.History.Where(e => e.Seq < beforeSeq).ToList() : [.. _state.State.History];
        return events.GetRange(Math.Max(0, events.Count - limit), Math.Min(limit, events.Count));
    }

    /// <summary>
    /// The events after <paramref name="seq"/> when the ring still holds all of them (a client resuming from
    /// there misses nothing); false when <paramref name="seq"/> is older than the ring or newer than the last seq.
    /// </summary>
    public bool TryGetAfter(long seq, out List<RoomEvent> events)
    {
        var history = _state.State.History;
        var oldestKept = history.Count > 0 ? history[0].Seq : LastSeq + 1;
        if (seq < 0 || seq > LastSeq || seq < oldestKept - 1)
        {
            events = [];
            return false;
        }

        events = [.. history.Where(e => e.Seq > seq)];
        return true;
    }

    /// <summary>Writes the record (every event appended since the last write).</summary>
    public Task WriteAsync() => _state.WriteStateAsync();

    /// <summary>
    /// Takes over the log of a room written before the log was split off (see <see cref="LegacyRoomLog"/>) and
    /// writes it. Only when storage holds no log record yet: once written, the log record is the truth.
    /// </summary>
    public async Task AdoptAsync(IEnumerable<RoomEvent> history, long lastSeq, IEnumerable<DedupeEntry> dedupe)
    {
        if (RecordExists)
        {
            throw new InvalidOperationException("The room already has a log record; a legacy log must not replace it.");
        }

        var state = new RoomLogState { LastSeq = lastSeq };
        state.History.AddRange(history.Select(e => e.Clone()));
        state.Dedupe.AddRange(dedupe.Select(e => e.Clone()));
        _state.State = state;
        Load();
        await _state.WriteStateAsync();
    }

    /// <summary>Replaces what is in memory with what storage holds (after a failed write).</summary>
    public async Task ReloadAsync()
    {
        await _state.ReadStateAsync();
        Load();
    }

    private void TrimHistory()
    {
        var history = _state.State.History;
        var excess = history.Count - _historyDepth;
        for (var i = 0; i < excess; i++)
        {
            history.RemoveAt(0);
        }
    }

    private void TrimDedupe()
    {
        var dedupe = _state.State.Dedupe;
        while (dedupe.Count > _dedupeWindow)
        {
            var oldest = dedupe[0];
            dedupe.RemoveAt(0);
            _dedupe.Remove((oldest.SenderId, oldest.ClientMessageId));
        }
    }
}

using Google.Protobuf;
using OrleansChat.Grains;
using OrleansChat.Runtime;

namespace OrleansChat.Chat.Tests.Grains;

/// <summary>
/// Rooms stored before the log was split off hold their history, last seq and dedupe window inside the <c>room</c>
/// state; on activation they move them into <c>room-log</c> and go on from there.
/// </summary>
public sealed class RoomLogMigrationTests
{
    private const string Members = "room";
    private const string Log = "room-log";

    [Fact]
    public async Task Room_stored_with_its_log_in_the_members_state_keeps_its_history_seq_and_dedupe()
    {
        await using var cluster = await ChatCluster.StartRecordingAsync();
        var storage = cluster.RecordingStorage();
        var roomId = ChatCluster.NewRoomId("legacy");
        var id = ChatCluster.RoomGrainId(roomId);
        var old = OldShapedRoom(roomId, firstSeq: 41, lastSeq: 60);
        await storage.WriteAsync(id, Members, old.ToByteArray(), expectedEtag: null, CancellationToken.None);
        storage.TakeWrites(id);
        var room = cluster.Room(roomId);

        var history = await room.GetHistory(new HistoryRequest());

        // Activation wrote the log first, then the members state without the legacy fields.
        Assert.Equal([Log, Members], storage.TakeWrites(id));
        Assert.Equal(60, history.LastSeq);
        Assert.Equal(Enumerable.Range(41, 20).Select(i => "old " + i), history.Events.Select(e => e.Text));
        var resent = await room.Post(ChatCluster.Post("alice", "old 60", "c60"));
        Assert.True(resent.Duplicate);
        Assert.Equal(60, resent.Seq);
        var next = await room.Post(ChatCluster.Post("bob", "new"));
        Assert.Equal(61, next.Seq);
        Assert.Equal(["alice", "bob"], (await room.GetMembers()).Members.Select(m => m.UserId));

        var members = await ReadAsync<RoomState>(storage, id, Members);
        Assert.Equal(["alice", "bob"], members.Members.Select(m => m.UserId));
        Assert.Equal(old.CreatedUnixMs, members.CreatedUnixMs);
        Assert.False(HasLegacyLog(members));
        var log = await ReadAsync<RoomLogState>(storage, id, Log);
        Assert.Equal(61, log.LastSeq);
        Assert.Equal(Enumerable.Range(41, 21).Select(i => (long)i), log.History.Select(e => e.Seq));
        Assert.Contains(log.Dedupe, d => d.ClientMessageId == "c60" && d.Seq == 60);
    }

    [Fact]
    public async Task Interrupted_migration_keeps_the_log_record_and_only_drops_the_legacy_copy()
    {
        await using var cluster = await ChatCluster.StartRecordingAsync();
        var storage = cluster.RecordingStorage();
        var roomId = ChatCluster.NewRoomId("half-migrated");
        var id = ChatCluster.RoomGrainId(roomId);
        var old = OldShapedRoom(roomId, firstSeq: 1, lastSeq: 10);
        var newer = new RoomLogState { LastSeq = 12 };
        newer.History.AddRange(Texts(roomId, firstSeq: 1, lastSeq: 12));
        await storage.WriteAsync(id, Members, old.ToByteArray(), expectedEtag: null, CancellationToken.None);
        await storage.WriteAsync(id, Log, newer.ToByteArray(), expectedEtag: null, CancellationToken.None);
        storage.TakeWrites(id);
        var room = cluster.Room(roomId);

        var history = await room.GetHistory(new HistoryRequest());

        Assert.Equal([Members], storage.TakeWrites(id));
        Assert.Equal(12, history.LastSeq);
        Assert.Equal(newer.History, history.Events);
        Assert.Equal(13, (await room.Post(ChatCluster.Post("alice", "next"))).Seq);
        Assert.False(HasLegacyLog(await ReadAsync<RoomState>(storage, id, Members)));
    }

    [Fact]
    public async Task Activating_a_room_without_a_legacy_log_writes_nothing()
    {
        await using var cluster = await ChatCluster.StartRecordingAsync();
        var storage = cluster.RecordingStorage();
        var roomId = ChatCluster.NewRoomId("fresh");

        Assert.Equal(RoomError.NotFound, (await cluster.Room(roomId).GetHistory(new HistoryRequest())).Error);

        Assert.Empty(storage.TakeWrites(ChatCluster.RoomGrainId(roomId)));
    }

    private static async Task<TState> ReadAsync<TState>(RecordingGrainStorage storage, GrainId id, string stateName)
        where TState : IMessage<TState>, new()
    {
        var record = await storage.ReadAsync(id, stateName, CancellationToken.None);
        Assert.NotNull(record);
        return new MessageParser<TState>(() => new TState()).ParseFrom(record.Payload.Span);
    }

    private static IEnumerable<RoomEvent> Texts(string roomId, long firstSeq, long lastSeq)
    {
        for (var seq = firstSeq; seq <= lastSeq; seq++)
        {
            yield return new RoomEvent
            {
                RoomId = roomId,
                Seq = seq,
                MessageId = "m" + seq,
                SenderId = "alice",
                SenderDisplayName = "alice",
                Text = "old " + seq,
                ServerTimeUnixMs = 1_700_000_000_000 + seq,
                Kind = RoomEventKind.Text,
                ClientMessageId = "c" + seq,
            };
        }
    }

    // What the code before the log split stored: members and the log in one RoomState. The legacy fields keep the
    // numbers (2, 3, 4) the log had then, so this is byte for byte an old record.
#pragma warning disable CS0612
    private static RoomState OldShapedRoom(string roomId, long firstSeq, long lastSeq)
    {
        var state = new RoomState { CreatedUnixMs = 1_700_000_000_000, LegacyLastSeq = lastSeq };
        state.Members.Add(new MemberRecord { UserId = "alice", DisplayName = "alice", JoinedUnixMs = 1_700_000_000_000 });
        state.Members.Add(new MemberRecord { UserId = "bob", DisplayName = "bob", JoinedUnixMs = 1_700_000_000_001 });
        foreach (var text in Texts(roomId, firstSeq, lastSeq))
        {
            state.LegacyHistory.Add(text);
            state.LegacyDedupe.Add(new DedupeEntry
            {
                SenderId = text.SenderId,
                ClientMessageId = text.ClientMessageId,
                Seq = text.Seq,
                ServerTimeUnixMs = text.ServerTimeUnixMs,
                MessageId = text.MessageId,
            });
        }

        return state;
    }

    private static bool HasLegacyLog(RoomState state) =>
        state.LegacyHistory.Count > 0 || state.LegacyLastSeq != 0 || state.LegacyDedupe.Count > 0;
#pragma warning restore CS0612
}

using OrleansChat.Protocol.V1;

namespace OrleansChat.Chat.Tests.EndToEnd;

/// <summary>
/// A client whose connection is cut comes back with JoinRoom.resume_after_seq and gets exactly what it missed
/// (no gap, no duplicate), or recovered=false when that is older than the history window. The server runs
/// with <c>--history 10</c>.
/// </summary>
public sealed class ResumeTests(ShortHistoryServerFixture fixture) : IClassFixture<ShortHistoryServerFixture>
{
    private ChatServerProcess Server => fixture.Server;

    [Fact(Timeout = E2E.TestTimeoutMs)]
    public async Task Client_cut_mid_conversation_resumes_with_no_gap_and_no_duplicate()
    {
        var room = Ids.Room("resume");
        var (set, peers) = await PeerSet.StartAsync(Server, Ids.Users("alice", "chad", "bob"));
        await using var _ = set;
        var (alice, chad, bob) = (peers[0], peers[1], peers[2]);
        await PeerSet.HelloAndJoinAsync(peers, room);

        await alice.SendAsync(room, "before the cut 1");
        await chad.SendAsync(room, "before the cut 2");
        var lastBeforeCut = await bob.WaitForTextAsync(room, "before the cut 2");
        var lastSeen = LastSeqSeen(bob);
        Assert.Equal(lastBeforeCut.Seq, lastSeen);

        // Bob's process dies: its TCP connection drops with no LeaveRoom and no end of stream.
        await bob.KillAsync();

        var missed = new List<Ack>
        {
            await alice.SendAsync(room, "while bob was away 1"),
            await chad.SendAsync(room, "while bob was away 2"),
            await alice.SendAsync(room, "while bob was away 3"),
        };

        var bobAgain = await set.AddAsync(bob.User);
        await bobAgain.HelloAsync();
        var joined = await bobAgain.JoinAsync(room, resumeAfterSeq: lastSeen);
        Assert.True(joined.Recovered, $"resume after seq {lastSeen} with 3 missed messages and a window of 10 was not recovered: {joined}");
        var seqs = joined.History.Select(e => e.Seq).ToList();
        Assert.True(seqs.Count > 0, "the resume delivered no events");
        Assert.Equal(Enumerable.Range(0, seqs.Count).Select(i => lastSeen + 1 + i), seqs);
        var texts = joined.History.Where(e => e.Kind == EventKind.Text).ToList();
        Assert.Equal(missed.Select(a => a.Seq), texts.Select(e => e.Seq));
        Assert.Equal(new[] { "while bob was away 1", "while bob was away 2", "while bob was away 3" }, texts.Select(e => e.Text));
        Assert.True(joined.LastSeq >= seqs[^1], $"Joined.last_seq {joined.LastSeq} is below the last resumed seq {seqs[^1]}");
        Assert.All(joined.History, e => Assert.Equal(room, e.RoomId));

        // Live again: the next message follows, nothing resumed is delivered twice.
        var after = await chad.SendAsync(room, "welcome back");
        var live = await bobAgain.WaitForTextAsync(room, "welcome back");
        Assert.Equal(after.Seq, live.Seq);
        var liveSeqs = bobAgain.Events().Select(e => e.Seq).ToList();
        Assert.All(liveSeqs, s => Assert.True(s > seqs[^1], $"live event seq {s} was already delivered by the resume (up to {seqs[^1]})"));
        Assert.Equal(liveSeqs.Distinct().Count(), liveSeqs.Count);
        LiveChatTests.AssertAscendingSeqs(bobAgain.Events(), "bob's live events after resuming");
    }

    [Fact(Timeout = E2E.TestTimeoutMs)]
    public async Task Client_that_goes_away_without_leaving_and_returns_within_the_window_gets_exactly_the_missed_events()
    {
        var room = Ids.Room("resume");
        var (set, peers) = await PeerSet.StartAsync(Server, Ids.Users("alice", "bob"));
        await using var _ = set;
        var (alice, bob) = (peers[0], peers[1]);
        await PeerSet.HelloAndJoinAsync([alice, bob], room);
        await alice.SendAsync(room, "seen");
        await bob.WaitForTextAsync(room, "seen");
        var lastSeen = LastSeqSeen(bob);

        // Bob's app cancels the call (RST_STREAM) without leaving, then reconnects on a new call.
        bob.CancelConnect();
        await bob.WaitForAsync(l => l.Type == "stream_end" && l.Call == 1, "bob's first Connect call to end");
        var missed = await alice.SendAsync(room, "missed");

        await bob.HelloAsync();
        var joined = await bob.JoinAsync(room, resumeAfterSeq: lastSeen);
        Assert.True(joined.Recovered, $"not recovered: {joined}");
        Assert.Equal(Enumerable.Range(0, joined.History.Count).Select(i => lastSeen + 1 + i), joined.History.Select(e => e.Seq));
        Assert.Equal(missed.Seq, Assert.Single(joined.History, e => e.Kind == EventKind.Text).Seq);
    }

    [Fact(Timeout = E2E.TestTimeoutMs)]
    public async Task Resume_older_than_the_history_window_reports_not_recovered()
    {
        var room = Ids.Room("resume");
        var (set, peers) = await PeerSet.StartAsync(Server, Ids.Users("alice", "bob"));
        await using var _ = set;
        var (alice, bob) = (peers[0], peers[1]);
        await alice.HelloAsync();
        await alice.JoinAsync(room);
        var welcome = await bob.HelloAsync();
        Assert.Equal((uint)ShortHistoryServerFixture.HistoryDepth, welcome.HistoryDepth);
        await bob.JoinAsync(room);
        await alice.SendAsync(room, "the last thing bob saw");
        await bob.WaitForTextAsync(room, "the last thing bob saw");
        var lastSeen = LastSeqSeen(bob);
        await bob.KillAsync();

        Ack last = new();
        for (var i = 1; i <= 15; i++)
        {
            last = await alice.SendAsync(room, $"while away {i}");
        }

        var bobAgain = await set.AddAsync(bob.User);
        await bobAgain.HelloAsync();
        var joined = await bobAgain.JoinAsync(room, resumeAfterSeq: lastSeen);
        Assert.False(joined.Recovered, $"resume after seq {lastSeen} with 15 messages since and a window of 10 claimed recovered=true: {joined}");
        Assert.InRange(joined.History.Count, 1, ShortHistoryServerFixture.HistoryDepth);
        var lastText = joined.History.LastOrDefault(e => e.Kind == EventKind.Text);
        Assert.True(
            lastText is not null && lastText.Seq == last.Seq && lastText.Text == "while away 15",
            $"the fresh-start history does not end with the last message (seq {last.Seq}): {joined}");
        LiveChatTests.AssertAscendingSeqs(joined.History, "the fresh-start history");
        Assert.True(joined.LastSeq >= last.Seq);
    }

    [Fact(Timeout = E2E.TestTimeoutMs)]
    public async Task Resume_after_seq_0_replays_the_whole_room_when_it_fits_the_window()
    {
        var room = Ids.Room("resume");
        var (set, peers) = await PeerSet.StartAsync(Server, Ids.Users("alice", "bob"));
        await using var _ = set;
        var (alice, bob) = (peers[0], peers[1]);
        await alice.HelloAsync();
        await alice.JoinAsync(room);
        var acks = new List<Ack>();
        for (var i = 1; i <= 3; i++)
        {
            acks.Add(await alice.SendAsync(room, $"m{i}"));
        }

        // resume_after_seq is a proto3 `optional`: 0 set explicitly means "I have seen nothing", not "fresh join".
        await bob.HelloAsync();
        var joined = await bob.JoinAsync(room, resumeAfterSeq: 0);
        Assert.True(joined.Recovered, $"resume after seq 0 in a room of {joined.LastSeq} events (window {ShortHistoryServerFixture.HistoryDepth}) was not recovered: {joined}");
        Assert.Equal(Enumerable.Range(1, joined.History.Count).Select(i => (long)i), joined.History.Select(e => e.Seq));
        Assert.Equal(acks.Select(a => a.Seq), joined.History.Where(e => e.Kind == EventKind.Text).Select(e => e.Seq));
    }

    /// <summary>The highest seq a peer has seen on its Connect stream: events, Joined.last_seq and its own acks.</summary>
    private static long LastSeqSeen(PythonPeer peer)
    {
        var frames = peer.Frames();
        return frames.Select(f => f.KindCase switch
        {
            ServerFrame.KindOneofCase.Event => f.Event.Seq,
            ServerFrame.KindOneofCase.Ack => f.Ack.Seq,
            ServerFrame.KindOneofCase.Joined => f.Joined.History.Select(e => e.Seq).DefaultIfEmpty(0).Max(),
            _ => 0,
        }).DefaultIfEmpty(0).Max();
    }
}

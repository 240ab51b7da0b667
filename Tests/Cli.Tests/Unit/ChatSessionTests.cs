using OrleansChat.Cli.Connection;
using OrleansChat.Cli.Output;
using OrleansChat.Cli.Session;
using OrleansChat.Cli.Tests.Fakes;
using OrleansChat.Protocol.V1;

namespace OrleansChat.Cli.Tests.Unit;

public sealed class ChatSessionTests : IAsyncLifetime
{
    private readonly FakeChatTransport _transport = new();
    private readonly RecordingSink _output = new();
    private readonly ChatSession _session;

    public ChatSessionTests()
    {
        ServerAddress.TryParse("localhost:50051", false, out var address, out _);
        _session = new ChatSession(
            _transport,
            address!,
            new SessionIdentity("alice", "Alice", "🐱", null),
            _output,
            new ReconnectBackoff(TimeSpan.Zero, TimeSpan.Zero, new Random(1)));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _session.DisposeAsync();

    [Fact]
    public async Task Connect_SendsHelloWithIdentity_AndReportsConnected()
    {
        var accept = _transport.AcceptAsync();
        var welcome = await _session.ConnectAsync(CancellationToken.None);
        var (_, hello) = await accept;

        Assert.Equal("alice", hello.UserId);
        Assert.Equal("Alice", hello.DisplayName);
        Assert.Equal("🐱", hello.Avatar);
        Assert.Equal("alice", welcome.UserId);
        Assert.False((await _output.WaitForAsync<ConnectedEvent>()).IsReconnect);
    }

    [Fact]
    public async Task Connect_Refused_ThrowsOneLineWithStartHint()
    {
        _transport.FailNextConnect(GrpcFailures.ConnectionRefused());

        var exception = await Assert.ThrowsAsync<SessionException>(() => _session.ConnectAsync(CancellationToken.None));

        Assert.Equal("cannot reach localhost:50051: connection refused — is the server running? (dotnet run --project Silo)", exception.Message);
    }

    [Fact]
    public async Task Connect_HelloAnsweredWithError_ThrowsWithServerReason()
    {
        var connect = _session.ConnectAsync(CancellationToken.None);
        var stream = await _transport.NextStreamAsync();
        var hello = await stream.ExpectAsync(ClientFrame.KindOneofCase.Hello);
        stream.Send(Frames.Error(hello.RequestId, 7, "alice is not on the allow-list"));

        var exception = await Assert.ThrowsAsync<SessionException>(() => connect);

        Assert.Equal("localhost:50051 refused the session: PERMISSION_DENIED: alice is not on the allow-list", exception.Message);
    }

    [Fact]
    public async Task Join_Fresh_ShowsHistoryAndRemembersLastSeq()
    {
        var stream = await ConnectAsync();
        var join = _session.JoinAsync("general", CancellationToken.None);
        var frame = await stream.ExpectAsync(ClientFrame.KindOneofCase.Join);
        Assert.False(frame.Join.HasResumeAfterSeq);
        stream.Send(Frames.Joined(frame.RequestId, "general", 12, false, Frames.Text("general", 11, "bob", "a"), Frames.Text("general", 12, "bob", "b")));

        var result = await join;

        Assert.Equal(JoinStatus.Joined, result.Status);
        var shown = await _output.WaitForAsync<RoomJoinedEvent>();
        Assert.False(shown.IsResume);
        Assert.Equal([11L, 12L], shown.Shown.Select(e => e.Seq));
        Assert.Equal(12, _session.LastSeq("general"));
    }

    [Fact]
    public async Task Join_Refused_ReportsServerErrorAndForgetsRoom()
    {
        var stream = await ConnectAsync();
        var join = _session.JoinAsync("secret", CancellationToken.None);
        var frame = await stream.ExpectAsync(ClientFrame.KindOneofCase.Join);
        stream.Send(Frames.Error(frame.RequestId, 7, "members only", "secret"));

        var result = await join;

        Assert.Equal(JoinStatus.Refused, result.Status);
        Assert.Equal("members only", result.Error!.Message);
        Assert.Empty(_session.Rooms);
    }

    [Fact]
    public async Task Events_AtOrBelowLastSeenSeq_AreDropped()
    {
        var stream = await ConnectAndJoinAsync("general", lastSeq: 4);

        stream.Send(Frames.Event(Frames.Text("general", 5, "bob", "five")));
        stream.Send(Frames.Event(Frames.Text("general", 5, "bob", "five again")));
        stream.Send(Frames.Event(Frames.Text("general", 3, "bob", "old")));
        stream.Send(Frames.Event(Frames.Text("general", 6, "bob", "six")));
        await _output.WaitForAsync<ChatEventReceived>(e => e.Event.Seq == 6);

        Assert.Equal(["five", "six"], _output.All<ChatEventReceived>().Select(e => e.Event.Text));
    }

    [Fact]
    public async Task StreamBreak_Reconnects_AndResumesEveryRoomAfterItsLastSeenSeq()
    {
        var stream = await ConnectAndJoinAsync("general", lastSeq: 7);
        await JoinAsync(stream, "dev", lastSeq: 3);
        stream.Send(Frames.Event(Frames.Text("general", 8, "bob", "eight")));
        await _output.WaitForAsync<ChatEventReceived>(e => e.Event.Seq == 8);

        stream.Break();
        var (next, hello) = await _transport.AcceptAsync();
        var first = await next.ExpectAsync(ClientFrame.KindOneofCase.Join);
        var second = await next.ExpectAsync(ClientFrame.KindOneofCase.Join);

        Assert.Equal("alice", hello.UserId);
        Assert.Equal(("general", 8L), (first.Join.RoomId, first.Join.ResumeAfterSeq));
        Assert.Equal(("dev", 3L), (second.Join.RoomId, second.Join.ResumeAfterSeq));
        var reconnecting = await _output.WaitForAsync<ReconnectingEvent>();
        Assert.Equal(1, reconnecting.Attempt);
        Assert.True((await _output.WaitForAsync<ConnectedEvent>(c => c.IsReconnect)).IsReconnect);
    }

    [Fact]
    public async Task Resume_HistoryOverlappingSeenEvents_ShowsOnlyTheMissedOnes()
    {
        var stream = await ConnectAndJoinAsync("general", lastSeq: 5);
        stream.Break();
        var (next, _) = await _transport.AcceptAsync();
        var join = await next.ExpectAsync(ClientFrame.KindOneofCase.Join);

        next.Send(Frames.Joined(join.RequestId, "general", 7, true,
            Frames.Text("general", 5, "bob", "seen"), Frames.Text("general", 6, "bob", "missed 1"), Frames.Text("general", 7, "bob", "missed 2")));
        next.Send(Frames.Event(Frames.Text("general", 7, "bob", "missed 2")));
        next.Send(Frames.Event(Frames.Text("general", 8, "bob", "live")));

        var resumed = await _output.WaitForAsync<RoomJoinedEvent>(j => j.IsResume);
        await _output.WaitForAsync<ChatEventReceived>(e => e.Event.Seq == 8);
        Assert.Equal(["missed 1", "missed 2"], resumed.Shown.Select(e => e.Text));
        Assert.False(resumed.MayHaveMissed);
        Assert.Equal(["live"], _output.All<ChatEventReceived>().Select(e => e.Event.Text));
    }

    [Fact]
    public async Task Resume_NotRecovered_SaysMessagesMayHaveBeenMissed()
    {
        var stream = await ConnectAndJoinAsync("general", lastSeq: 5);
        stream.Break();
        var (next, _) = await _transport.AcceptAsync();
        var join = await next.ExpectAsync(ClientFrame.KindOneofCase.Join);

        next.Send(Frames.Joined(join.RequestId, "general", 200, false, Frames.Text("general", 151, "bob", "oldest kept")));

        var resumed = await _output.WaitForAsync<RoomJoinedEvent>(j => j.IsResume);
        Assert.True(resumed.MayHaveMissed);
        Assert.Equal(200, _session.LastSeq("general"));
    }

    [Fact]
    public async Task UnacknowledgedSends_AreResentAfterReconnect_WithTheSameIdsInOrder()
    {
        var stream = await ConnectAndJoinAsync("general", lastSeq: 1);
        var one = await _session.SendAsync("general", "one", CancellationToken.None);
        var two = await _session.SendAsync("general", "two", CancellationToken.None);
        var sentOne = await stream.ExpectAsync(ClientFrame.KindOneofCase.Send);
        stream.Send(Frames.Ack(sentOne.RequestId, "general", one.ClientMessageId, 2));
        await one.Outcome.WaitAsync(TestTimeouts.Signal);
        await stream.ExpectAsync(ClientFrame.KindOneofCase.Send);

        stream.Break();
        var three = await _session.SendAsync("general", "three", CancellationToken.None);
        var (next, _) = await _transport.AcceptAsync();
        await next.ExpectAsync(ClientFrame.KindOneofCase.Join);
        var resentTwo = await next.ExpectAsync(ClientFrame.KindOneofCase.Send);
        next.Send(Frames.Ack(resentTwo.RequestId, "general", two.ClientMessageId, 3, duplicate: true));
        var resentThree = await next.ExpectAsync(ClientFrame.KindOneofCase.Send);

        Assert.Equal((two.ClientMessageId, "two"), (resentTwo.Send.ClientMessageId, resentTwo.Send.Text));
        Assert.Equal((three.ClientMessageId, "three"), (resentThree.Send.ClientMessageId, resentThree.Send.Text));
        Assert.Equal(1, _session.PendingCount);
    }

    [Fact]
    public async Task Sends_GoOneAtATime_TheNextAfterTheAck()
    {
        var stream = await ConnectAndJoinAsync("general", lastSeq: 1);
        var one = await _session.SendAsync("general", "one", CancellationToken.None);
        await _session.SendAsync("general", "two", CancellationToken.None);
        var first = await stream.ExpectAsync(ClientFrame.KindOneofCase.Send);
        Assert.Equal(2, _session.PendingCount);

        stream.Send(Frames.Ack(first.RequestId, "general", one.ClientMessageId, 2));
        var second = await stream.ExpectAsync(ClientFrame.KindOneofCase.Send);

        Assert.Equal(["one", "two"], new[] { first.Send.Text, second.Send.Text });
    }

    [Fact]
    public async Task TemporaryRefusal_IsRetried_BeforeAnyLaterMessage()
    {
        var stream = await ConnectAndJoinAsync("general", lastSeq: 1);
        var one = await _session.SendAsync("general", "one", CancellationToken.None);
        await _session.SendAsync("general", "two", CancellationToken.None);
        var first = await stream.ExpectAsync(ClientFrame.KindOneofCase.Send);

        stream.Send(Frames.Error(first.RequestId, 8, "rate limit exceeded: at most 20 messages per second", "general"));
        var retried = await stream.ExpectAsync(ClientFrame.KindOneofCase.Send);
        stream.Send(Frames.Ack(retried.RequestId, "general", one.ClientMessageId, 2));
        var second = await stream.ExpectAsync(ClientFrame.KindOneofCase.Send);

        Assert.Equal((one.ClientMessageId, "one"), (retried.Send.ClientMessageId, retried.Send.Text));
        Assert.Equal("two", second.Send.Text);
        Assert.Equal(0, _session.RefusedSends);
        Assert.StartsWith("message delayed", (await _output.WaitForAsync<ServerErrorEvent>()).What, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AckAfterResend_MarkedDuplicate_IsShownOnce()
    {
        var stream = await ConnectAndJoinAsync("general", lastSeq: 1);
        var send = await _session.SendAsync("general", "hello", CancellationToken.None);
        await stream.ExpectAsync(ClientFrame.KindOneofCase.Send);
        stream.Break();
        var (next, _) = await _transport.AcceptAsync();
        await next.ExpectAsync(ClientFrame.KindOneofCase.Join);
        var resent = await next.ExpectAsync(ClientFrame.KindOneofCase.Send);

        next.Send(Frames.Ack(resent.RequestId, "general", send.ClientMessageId, 2, duplicate: true));
        next.Send(Frames.Ack(resent.RequestId, "general", send.ClientMessageId, 2, duplicate: true));
        var outcome = await send.Outcome.WaitAsync(TestTimeouts.Signal);
        await _session.WaitAllAcknowledgedAsync(CancellationToken.None).WaitAsync(TestTimeouts.Signal);
        next.Send(Frames.Event(Frames.Text("general", 3, "bob", "after")));
        await _output.WaitForAsync<ChatEventReceived>(e => e.Event.Seq == 3);

        Assert.Equal(2, outcome.Ack!.Seq);
        Assert.Single(_output.All<MessageAckedEvent>());
    }

    [Fact]
    public async Task OwnMessagesInResumedHistory_AreNotShownAgain()
    {
        var stream = await ConnectAndJoinAsync("general", lastSeq: 1);
        var send = await _session.SendAsync("general", "mine", CancellationToken.None);
        var sent = await stream.ExpectAsync(ClientFrame.KindOneofCase.Send);
        stream.Send(Frames.Ack(sent.RequestId, "general", send.ClientMessageId, 2));
        await _output.WaitForAsync<MessageAckedEvent>();

        stream.Break();
        var (next, _) = await _transport.AcceptAsync();
        var join = await next.ExpectAsync(ClientFrame.KindOneofCase.Join);
        Assert.Equal(1, join.Join.ResumeAfterSeq);
        next.Send(Frames.Joined(join.RequestId, "general", 3, true,
            Frames.Text("general", 2, "alice", "mine", send.ClientMessageId), Frames.Text("general", 3, "bob", "theirs")));

        var resumed = await _output.WaitForAsync<RoomJoinedEvent>(j => j.IsResume);
        Assert.Equal(["theirs"], resumed.Shown.Select(e => e.Text));
        Assert.Equal(3, _session.LastSeq("general"));
    }

    [Fact]
    public async Task ErrorAnsweringASend_RefusesThatMessage_AndDoesNotRetryIt()
    {
        var stream = await ConnectAndJoinAsync("general", lastSeq: 1);
        var send = await _session.SendAsync("general", new string('x', 10), CancellationToken.None);
        var sent = await stream.ExpectAsync(ClientFrame.KindOneofCase.Send);

        stream.Send(Frames.Error(sent.RequestId, 3, "text is too long", "general"));

        var outcome = await send.Outcome.WaitAsync(TestTimeouts.Signal);
        Assert.False(outcome.IsAcknowledged);
        Assert.Equal("text is too long", outcome.Error!.Message);
        Assert.Equal(1, _session.RefusedSends);
        Assert.Equal(0, _session.PendingCount);
        Assert.Equal("message not sent", (await _output.WaitForAsync<ServerErrorEvent>()).What);
    }

    [Fact]
    public async Task SendWhileDisconnected_IsWrittenOnceReconnected()
    {
        var stream = await ConnectAndJoinAsync("general", lastSeq: 1);
        _transport.FailNextConnect(GrpcFailures.ConnectionRefused());
        stream.Break();
        await _output.WaitForAsync<ReconnectingEvent>(r => r.Attempt == 2);

        var next = await _transport.NextStreamAsync();
        var send = await _session.SendAsync("general", "queued", CancellationToken.None);
        Assert.False(_session.IsConnected);
        await next.AcceptHelloAsync();
        await next.ExpectAsync(ClientFrame.KindOneofCase.Join);
        var written = await next.ExpectAsync(ClientFrame.KindOneofCase.Send);

        Assert.Equal(send.ClientMessageId, written.Send.ClientMessageId);
        Assert.Contains("connection refused", (await _output.WaitForAsync<ReconnectingEvent>(r => r.Attempt == 2)).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReconnectRefusedForBadCredentials_EndsTheSessionWithTheReason()
    {
        var stream = await ConnectAndJoinAsync("general", lastSeq: 1);
        stream.Break();
        var next = await _transport.NextStreamAsync();
        var hello = await next.ExpectAsync(ClientFrame.KindOneofCase.Hello);

        next.Send(Frames.Error(hello.RequestId, 16, "token expired"));

        var reason = await _session.Ended.WaitAsync(TestTimeouts.Signal);
        Assert.Equal("localhost:50051 refused the session: UNAUTHENTICATED: token expired", reason);
    }

    [Fact]
    public async Task Stop_SendsQueuedFramesThenHalfClosesTheStream()
    {
        var stream = await ConnectAndJoinAsync("general", lastSeq: 1);
        var stop = _session.StopAsync();
        Assert.Null(await stream.NextFromClientAsync());
        stream.End();
        await stop.WaitAsync(TestTimeouts.Signal);

        Assert.True(stream.ClientCompleted);
        Assert.Null(await _session.Ended);
        Assert.Equal(1, _transport.Connects);
    }

    private async Task<FakeChatStream> ConnectAsync()
    {
        var accept = _transport.AcceptAsync();
        await _session.ConnectAsync(CancellationToken.None);
        return (await accept).Stream;
    }

    private async Task<FakeChatStream> ConnectAndJoinAsync(string room, long lastSeq)
    {
        var stream = await ConnectAsync();
        await JoinAsync(stream, room, lastSeq);
        return stream;
    }

    private async Task JoinAsync(FakeChatStream stream, string room, long lastSeq)
    {
        var join = _session.JoinAsync(room, CancellationToken.None);
        var frame = await stream.ExpectAsync(ClientFrame.KindOneofCase.Join);
        stream.Send(Frames.Joined(frame.RequestId, room, lastSeq));
        Assert.Equal(JoinStatus.Joined, (await join).Status);
    }
}

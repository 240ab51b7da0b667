using OrleansChat.Gateway.Auth;
using Grpc.Core;
using OrleansChat.Protocol.V1;

namespace OrleansChat.Chat.Tests.Gateway;

/// <summary>Servers with their own security and limit settings.</summary>
public sealed class SecurityAndLimitsTests
{
    [Fact]
    public async Task Allow_list_refuses_other_users_with_permission_denied_and_nothing_else()
    {
        await using var server = await TestChatServer.StartAsync(o => o.Gateway.AllowUsers = ["alice", "bob", "chad"]);
        using var mallory = ChatTestClient.Connect(server.Address);
        using var alice = ChatTestClient.Connect(server.Address);

        await mallory.WriteAsync(new ClientFrame { RequestId = 1, Hello = new Hello { UserId = "mallory" } });
        var error = await mallory.Recorder.WaitForErrorAsync();
        var welcome = await alice.HelloAsync("alice");

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Empty(mallory.Frames);
        Assert.Equal("alice", welcome.UserId);
        var unary = await Assert.ThrowsAsync<RpcException>(() =>
            TestChatServer.CallAsync(server, ChatCalls.ListRooms, new ListRoomsRequest(), "mallory"));
        Assert.Equal(StatusCode.PermissionDenied, unary.StatusCode);
        Assert.Empty(TestChatServer.ErrorLogs(server));
    }

    [Fact]
    public async Task Token_mode_takes_identity_from_a_valid_token_and_refuses_others_as_unauthenticated()
    {
        const string secret = "test-secret";
        await using var server = await TestChatServer.StartAsync(o => o.Gateway.TokenSecret = secret);
        var issuer = new TokenIssuer(secret);
        using var alice = ChatTestClient.Connect(server.Address);
        using var forger = ChatTestClient.Connect(server.Address);
        using var claimer = ChatTestClient.Connect(server.Address);

        var welcome = await alice.HelloAsync(string.Empty, token: issuer.Issue("alice", TimeSpan.FromHours(1)));
        await forger.WriteAsync(new ClientFrame { Hello = new Hello { Token = new TokenIssuer("other-secret").Issue("alice", TimeSpan.FromHours(1)) } });
        await claimer.WriteAsync(new ClientFrame { Hello = new Hello { UserId = "alice" } });

        Assert.Equal("alice", welcome.UserId);
        Assert.Equal(StatusCode.Unauthenticated, (await forger.Recorder.WaitForErrorAsync()).StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, (await claimer.Recorder.WaitForErrorAsync()).StatusCode);

        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress(server.Address);
        var headers = new Metadata { { "authorization", "Bearer " + issuer.Issue("alice", TimeSpan.FromHours(1)) } };
        using var call = new ChatService.ChatServiceClient(channel).GetProfileAsync(new GetProfileRequest(), new CallOptions(headers: headers));
        Assert.Equal("alice", (await call.ResponseAsync).UserId);
    }

    [Fact]
    public void Token_issuer_refuses_tampered_and_expired_tokens()
    {
        var now = new ManualTime(DateTimeOffset.Parse("2030-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var issuer = new TokenIssuer("secret", now);
        var token = issuer.Issue("alice", TimeSpan.FromMinutes(10));
        var tampered = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];

        Assert.True(issuer.TryValidate(token, out var user, out _));
        Assert.Equal("alice", user);
        Assert.False(issuer.TryValidate(tampered, out _, out var tamperedError));
        Assert.Equal("the token signature is invalid", tamperedError);
        Assert.False(issuer.TryValidate("not-a-token", out _, out _));
        now.Advance(TimeSpan.FromMinutes(11));
        Assert.False(issuer.TryValidate(token, out _, out var expiredError));
        Assert.Equal("the token has expired", expiredError);
    }

    [Fact]
    public async Task Messages_over_the_rate_limit_are_refused_with_resource_exhausted()
    {
        await using var server = await TestChatServer.StartAsync(o =>
        {
            o.Gateway.MessagesPerSecond = 0.001;
            o.Gateway.MessageBurst = 3;
        });
        var room = TestChatServer.NewRoomId("rate");
        using var alice = await ChatTestClient.ConnectAsync(server.Address, "alice");
        await alice.JoinAsync(room);
        for (var i = 0; i < 3; i++)
        {
            await alice.SendAsync(room, "ok " + i);
        }

        var error = await alice.ExpectErrorAsync(new ClientFrame { Send = new SendMessage { RoomId = room, Text = "one too many" } });

        Assert.Equal((int)StatusCode.ResourceExhausted, error.Code);
    }

    [Fact]
    public async Task Joining_more_rooms_than_allowed_per_stream_is_refused()
    {
        await using var server = await TestChatServer.StartAsync(o => o.Gateway.MaxRoomsPerConnection = 2);
        using var alice = await ChatTestClient.ConnectAsync(server.Address, "alice");
        await alice.JoinAsync(TestChatServer.NewRoomId("r1"));
        await alice.JoinAsync(TestChatServer.NewRoomId("r2"));

        var error = await alice.ExpectErrorAsync(new ClientFrame { Join = new JoinRoom { RoomId = TestChatServer.NewRoomId("r3") } });

        Assert.Equal((int)StatusCode.ResourceExhausted, error.Code);
    }

    [Fact]
    public async Task Slow_consumer_is_cut_off_with_resource_exhausted_without_holding_up_the_others()
    {
        const int queueCapacity = 64;
        // The cut-off session keeps its queued frames until the test reads them, however long the sends take here.
        await using var server = await TestChatServer.StartAsync(o =>
        {
            o.Gateway.SessionQueueCapacity = queueCapacity;
            o.Gateway.StreamCloseTimeout = TimeSpan.FromMinutes(5);
        });
        var room = TestChatServer.NewRoomId("slow");
        using var sender = await ChatTestClient.ConnectAsync(server.Address, "sender");
        using var reader = await ChatTestClient.ConnectAsync(server.Address, "reader");
        await sender.JoinAsync(room);
        await reader.JoinAsync(room);

        // The slow client joins and then never reads a single frame.
        using var slow = ChatTestClient.Connect(server.Address, startReading: false);
        await slow.WriteAsync(new ClientFrame { RequestId = 1, Hello = new Hello { UserId = "slow" } });
        await slow.WriteAsync(new ClientFrame { RequestId = 2, Join = new JoinRoom { RoomId = room } });
        await reader.WaitForEventAsync(e => e.Kind == EventKind.Join && e.SenderId == "slow", "the slow client's JOIN");

        // Far more than every buffer between the room and the slow client holds (HTTP/2 windows, the gRPC layer's
        // queue, the session's queue). The reader keeps up: the sender waits for it every half queue, so only the
        // client that does not read can fall a whole queue behind.
        var text = new string('x', 3000);
        const int count = 600;
        for (var i = 0; i < count; i++)
        {
            await sender.SendAsync(room, text + i);
            if (i % (queueCapacity / 2) == 0)
            {
                await reader.WaitForTextAsync(room, text + i);
            }
        }

        await reader.WaitForTextAsync(room, text + (count - 1));
        Assert.Equal(count, reader.Events.Count(e => e.Kind == EventKind.Text));

        slow.Recorder.Start();
        var error = await slow.Recorder.WaitForErrorAsync();
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Equal("client is too slow; resume with resume_after_seq", error.Status.Detail);
        Assert.True(slow.Events.Count(e => e.Kind == EventKind.Text) < count);
        Assert.Empty(TestChatServer.ErrorLogs(server));
    }

    [Fact]
    public async Task Opening_more_chat_streams_than_allowed_on_one_connection_is_refused()
    {
        await using var server = await TestChatServer.StartAsync(o => o.Gateway.MaxStreamsPerConnection = 1);
        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress(server.Address);
        var client = new ChatService.ChatServiceClient(channel);
        using var first = client.Connect();
        await first.RequestStream.WriteAsync(new ClientFrame { RequestId = 1, Hello = new Hello { UserId = "alice" } });
        Assert.True(await first.ResponseStream.MoveNext(CancellationToken.None));

        using var second = client.Connect();
        var error = await Assert.ThrowsAsync<RpcException>(() => second.ResponseStream.MoveNext(CancellationToken.None));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }

    [Fact]
    public async Task Non_loopback_listen_without_tls_is_refused_unless_allowed()
    {
        var refused = await Assert.ThrowsAsync<Silo.Hosting.ChatServerConfigurationException>(() =>
            TestChatServer.StartAsync(o => o.ListenAddress = System.Net.IPAddress.Any));

        Assert.Contains("--allow-insecure", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Command_line_flags_reach_the_server_options()
    {
        var parse = Silo.SiloCommandLine.Create().Parse(
            ["--port", "0", "--allow-users", "alice,bob,chad", "--history", "20", "--max-message-bytes", "100", "--token-secret", "s", "--data", "somewhere"]);
        var webOff = Silo.SiloCommandLine.ToOptions(Silo.SiloCommandLine.Create().Parse(["--web-port", "0"]));
        var webOther = Silo.SiloCommandLine.ToOptions(Silo.SiloCommandLine.Create().Parse(["--web-port", "9090"]));

        Assert.Empty(parse.Errors);
        var options = Silo.SiloCommandLine.ToOptions(parse);
        Assert.Equal((Silo.Hosting.ChatServerOptions.DefaultWebPort, null, 9090), (options.WebPort, webOff.WebPort, webOther.WebPort));
        Assert.Equal((0, 20, 100, "s", "somewhere"), (options.Port, options.Rooms.HistoryDepth, options.Gateway.MaxMessageBytes, options.Gateway.TokenSecret, options.DataDirectory));
        Assert.Equal(["alice", "bob", "chad"], options.Gateway.AllowUsers);
        Assert.Equal(System.Net.IPAddress.Loopback, options.ListenAddress);
    }

    [Fact]
    public void Rate_burst_and_keepalive_flags_reach_the_options_and_the_burst_defaults_to_twice_the_rate()
    {
        var explicitParse = Silo.SiloCommandLine.Create().Parse(["--messages-per-second", "5", "--message-burst", "7", "--keepalive-seconds", "15"]);
        var defaultParse = Silo.SiloCommandLine.Create().Parse(["--messages-per-second", "5"]);

        Assert.Empty(explicitParse.Errors);
        var configured = Silo.SiloCommandLine.ToOptions(explicitParse);
        var defaulted = Silo.SiloCommandLine.ToOptions(defaultParse);
        Assert.Equal((5d, 7, TimeSpan.FromSeconds(15)), (configured.Gateway.MessagesPerSecond, configured.Gateway.MessageBurst, configured.KeepAliveInterval));
        Assert.Equal(10, defaulted.Gateway.MessageBurst);
    }

    [Fact]
    public async Task Stopping_the_server_ends_sessions_with_unavailable()
    {
        var server = await TestChatServer.StartAsync();
        var room = TestChatServer.NewRoomId("shutdown");
        using var alice = await ChatTestClient.ConnectAsync(server.Address, "alice");
        await alice.JoinAsync(room);

        await server.DisposeAsync();

        var error = await alice.Recorder.WaitForErrorAsync();
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
    }

    private sealed class ManualTime(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}

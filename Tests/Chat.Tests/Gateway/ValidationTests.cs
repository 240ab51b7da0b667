using Grpc.Core;
using OrleansChat.Protocol.V1;
using OrleansChat.Silo.Hosting;

namespace OrleansChat.Chat.Tests.Gateway;

/// <summary>Refusals: each names its field and has a precise status; non-fatal errors leave the stream open.</summary>
[Collection(GatewayServerCollection.Name)]
public sealed class ValidationTests(GatewayServerFixture fixture)
{
    private ChatServer Server => fixture.Server;

    [Fact]
    public async Task Frames_before_hello_are_refused_with_failed_precondition_and_the_stream_stays_open()
    {
        using var client = ChatTestClient.Connect(Server.Address);

        var error = await client.ExpectErrorAsync(new ClientFrame { Join = new JoinRoom { RoomId = "general" } });
        var welcome = await client.HelloAsync("late");

        Assert.Equal((int)StatusCode.FailedPrecondition, error.Code);
        Assert.Equal("late", welcome.UserId);
    }

    public static TheoryData<string, ClientFrame, StatusCode> InvalidFrames => new()
    {
        { "room_id", new ClientFrame { Join = new JoinRoom { RoomId = "bad room!" } }, StatusCode.InvalidArgument },
        { "room_id", new ClientFrame { Join = new JoinRoom { RoomId = new string('r', 65) } }, StatusCode.InvalidArgument },
        { "room_id", new ClientFrame { Join = new JoinRoom { RoomId = string.Empty } }, StatusCode.InvalidArgument },
        { "resume_after_seq", new ClientFrame { Join = new JoinRoom { RoomId = "ok", ResumeAfterSeq = -1 } }, StatusCode.InvalidArgument },
        { "text", new ClientFrame { Send = new SendMessage { RoomId = "{room}", Text = "   " } }, StatusCode.InvalidArgument },
        { "text", new ClientFrame { Send = new SendMessage { RoomId = "{room}", Text = new string('x', 4097) } }, StatusCode.InvalidArgument },
        { "text", new ClientFrame { Send = new SendMessage { RoomId = "{room}", Text = new string('é', 2049) } }, StatusCode.InvalidArgument },
        { "client_message_id", new ClientFrame { Send = new SendMessage { RoomId = "{room}", Text = "hi", ClientMessageId = new string('c', 129) } }, StatusCode.InvalidArgument },
        { "room_id", new ClientFrame { Send = new SendMessage { RoomId = "not-joined", Text = "hi" } }, StatusCode.FailedPrecondition },
    };

    [Theory]
    [MemberData(nameof(InvalidFrames))]
    public async Task Invalid_request_is_refused_with_an_error_naming_its_field(string field, ClientFrame frame, StatusCode code)
    {
        var room = TestChatServer.NewRoomId("valid");
        using var client = await ChatTestClient.ConnectAsync(Server.Address, "vera");
        await client.JoinAsync(room);
        if (frame.Send is { RoomId: "{room}" } send)
        {
            send.RoomId = room;
        }

        var error = await client.ExpectErrorAsync(frame);

        Assert.Equal((int)code, error.Code);
        Assert.Equal(field, error.Field);
        Assert.Contains(code == StatusCode.InvalidArgument ? field : "join room", error.Message, StringComparison.Ordinal);
        Assert.Equal(ServerFrame.KindOneofCase.Pong, (await client.RequestAsync(new ClientFrame { Ping = new Ping() })).KindCase);
    }

    public static TheoryData<string, Hello> InvalidHellos => new()
    {
        { "user_id", new Hello { UserId = "no spaces allowed" } },
        { "user_id", new Hello { UserId = new string('u', 129) } },
        { "user_id", new Hello() },
        { "display_name", new Hello { UserId = "hank", DisplayName = "bell\u0007" } },
        { "display_name", new Hello { UserId = "hank", DisplayName = new string('n', 65) } },
        { "avatar", new Hello { UserId = "hank", Avatar = "not an emoji" } },
        { "avatar", new Hello { UserId = "hank", Avatar = "ftp://example.com/a.png" } },
        { "avatar", new Hello { UserId = "hank", Avatar = "https://example.com/" + new string('a', 500) } },
    };

    [Theory]
    [MemberData(nameof(InvalidHellos))]
    public async Task Invalid_hello_is_refused_with_an_error_naming_its_field(string field, Hello hello)
    {
        using var client = ChatTestClient.Connect(Server.Address);

        var error = await client.ExpectErrorAsync(new ClientFrame { Hello = hello });

        Assert.Equal(((int)StatusCode.InvalidArgument, field), (error.Code, error.Field));
        Assert.StartsWith(field, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Valid_avatars_are_one_emoji_or_an_http_url()
    {
        foreach (var avatar in new[] { "🦊", "👍🏽", "🇫🇷", "👩‍💻", "https://example.com/me.png" })
        {
            using var client = ChatTestClient.Connect(Server.Address);
            var welcome = await client.HelloAsync("ava", avatar: avatar);
            Assert.Equal(avatar, welcome.Profile.Avatar);
        }
    }

    [Fact]
    public async Task Unary_calls_name_the_invalid_field_in_status_and_trailer()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            TestChatServer.CallAsync(Server, ChatCalls.GetHistory, new GetHistoryRequest { RoomId = "no/slashes" }, "vera"));
        var profileError = await Assert.ThrowsAsync<RpcException>(() =>
            TestChatServer.CallAsync(Server, ChatCalls.UpdateProfile, new UpdateProfileRequest { Avatar = "nope" }, "vera"));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("room_id", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal("room_id", error.Trailers.GetValue("error-field"));
        Assert.Equal(StatusCode.InvalidArgument, profileError.StatusCode);
        Assert.Equal("avatar", profileError.Trailers.GetValue("error-field"));
    }

    [Fact]
    public async Task Unknown_room_is_not_found_for_history_and_members()
    {
        var room = TestChatServer.NewRoomId("ghost");

        var history = await Assert.ThrowsAsync<RpcException>(() =>
            TestChatServer.CallAsync(Server, ChatCalls.GetHistory, new GetHistoryRequest { RoomId = room }, "vera"));
        var members = await Assert.ThrowsAsync<RpcException>(() =>
            TestChatServer.CallAsync(Server, ChatCalls.ListMembers, new ListMembersRequest { RoomId = room }, "vera"));

        Assert.Equal(StatusCode.NotFound, history.StatusCode);
        Assert.Equal(StatusCode.NotFound, members.StatusCode);
    }

    [Fact]
    public async Task Unary_call_without_identity_is_unauthenticated()
    {
        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress(Server.Address);
        using var call = new ChatService.ChatServiceClient(channel).ListRoomsAsync(new ListRoomsRequest());

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }
}

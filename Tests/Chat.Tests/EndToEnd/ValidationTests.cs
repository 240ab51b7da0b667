using OrleansChat.Protocol.V1;

namespace OrleansChat.Chat.Tests.EndToEnd;

/// <summary>
/// Bad input gets INVALID_ARGUMENT naming the field: on the Connect stream as a ServerFrame.error that answers
/// the frame (and the stream stays open), on unary calls as the call's status.
/// </summary>
[Collection(OpenServerCollection.Name)]
public sealed class ValidationTests(OpenServerFixture fixture)
{
    private const int InvalidArgument = 3;

    private ChatServerProcess Server => fixture.Server;

    /// <summary>Case name → (user_id, display_name, avatar); the field named in the error is the case's first word.</summary>
    private static readonly Dictionary<string, (string UserId, string DisplayName, string Avatar)> HelloCases = new()
    {
        ["user_id empty"] = ("", "", ""),
        ["user_id with a space and '!'"] = ("bad user!", "", ""),
        ["user_id with a slash"] = ("al/ice", "", ""),
        ["user_id of 129 characters"] = (new string('u', 129), "", ""),
        ["display_name of 65 characters"] = ("alice", new string('d', 65), ""),
        ["avatar plain text"] = ("alice", "", "not an avatar"),
        ["avatar ftp URL"] = ("alice", "", "ftp://example.com/a.png"),
        ["avatar https URL over 512 characters"] = ("alice", "", "https://example.com/" + new string('a', 500) + ".png"),
        ["avatar two emoji"] = ("alice", "", "🦊🦊"),
    };

    private static readonly Dictionary<string, string> RoomIdCases = new()
    {
        ["empty"] = "",
        ["with a space and '!'"] = "bad room!",
        ["with a slash"] = "a/b",
        ["of 65 characters"] = new string('r', 65),
    };

    private static readonly Dictionary<string, string> TextCases = new()
    {
        ["empty"] = "",
        ["of 4097 ASCII bytes"] = new string('x', 4097),
        ["of 2049 two-byte characters (4098 bytes)"] = new string('é', 2049),
    };

    public static TheoryData<string> BadHellos => [.. HelloCases.Keys];

    public static TheoryData<string> BadRoomIds => [.. RoomIdCases.Keys];

    public static TheoryData<string> BadTexts => [.. TextCases.Keys];

    [Theory(Timeout = E2E.TestTimeoutMs)]
    [MemberData(nameof(BadHellos))]
    public async Task Hello_with_an_invalid_field_is_refused_with_INVALID_ARGUMENT_naming_it(string caseName)
    {
        var (userId, displayName, avatar) = HelloCases[caseName];
        var field = caseName.Split(' ')[0];
        var (set, peers) = await PeerSet.StartAsync(Server, "alice");
        await using var _ = set;
        var alice = peers[0];

        var error = await alice.ExpectErrorAsync("hello", new { user_id = userId, display_name = displayName, avatar });
        Assert.True(error.Code == InvalidArgument, $"{caseName}: expected code 3 INVALID_ARGUMENT, got {error}");
        Assert.True(error.Field == field, $"{caseName}: expected Error.field '{field}', got {error}");

        // The stream stays open: a valid Hello on it is welcomed.
        var welcome = await alice.HelloAsync();
        Assert.Equal("alice", welcome.UserId);
    }

    [Theory(Timeout = E2E.TestTimeoutMs)]
    [MemberData(nameof(BadRoomIds))]
    public async Task Join_with_an_invalid_room_id_is_refused_with_INVALID_ARGUMENT_naming_room_id(string caseName)
    {
        var roomId = RoomIdCases[caseName];
        var (set, peers) = await PeerSet.StartAsync(Server, "alice");
        await using var _ = set;
        var alice = peers[0];
        await alice.HelloAsync();

        var error = await alice.ExpectErrorAsync("join", new { room_id = roomId });
        Assert.True(error.Code == InvalidArgument && error.Field == "room_id", $"room_id {caseName}: expected code 3 with field 'room_id', got {error}");

        var pong = await alice.PingAsync(7);
        Assert.Equal(7, pong.Nonce);
    }

    [Fact(Timeout = E2E.TestTimeoutMs)]
    public async Task Room_id_of_64_allowed_characters_is_accepted()
    {
        var (set, peers) = await PeerSet.StartAsync(Server, "alice");
        await using var _ = set;
        await peers[0].HelloAsync();
        var room = ("Ab9-_." + Guid.NewGuid().ToString("N") + new string('z', 64))[..64];
        Assert.Equal(room, (await peers[0].JoinAsync(room)).RoomId);
    }

    [Theory(Timeout = E2E.TestTimeoutMs)]
    [MemberData(nameof(BadTexts))]
    public async Task Send_with_an_invalid_text_is_refused_with_INVALID_ARGUMENT_naming_text(string caseName)
    {
        var text = TextCases[caseName];
        var room = Ids.Room("val");
        var (set, peers) = await PeerSet.StartAsync(Server, "alice");
        await using var _ = set;
        var alice = peers[0];
        var welcome = await alice.HelloAsync();
        Assert.Equal(4096u, welcome.MaxMessageBytes);
        await alice.JoinAsync(room);

        var error = await alice.ExpectErrorAsync("send", new { room_id = room, text, client_message_id = Guid.NewGuid().ToString() });
        Assert.True(error.Code == InvalidArgument && error.Field == "text", $"text {caseName}: expected code 3 with field 'text', got {error}");

        var ack = await alice.SendAsync(room, "a valid one after the refusal");
        var history = await alice.GetHistoryAsync(room);
        Assert.Equal(new[] { ack.Seq }, history.Events.Where(e => e.Kind == EventKind.Text).Select(e => e.Seq));
    }

    [Fact(Timeout = E2E.TestTimeoutMs)]
    public async Task Text_of_exactly_max_message_bytes_is_accepted()
    {
        var room = Ids.Room("val");
        var (set, peers) = await PeerSet.StartAsync(Server, "alice", "bob");
        await using var _ = set;
        var (alice, bob) = (peers[0], peers[1]);
        await PeerSet.HelloAndJoinAsync([alice, bob], room);

        var ascii = new string('x', 4096);
        var twoByte = new string('é', 2048);
        await alice.SendAsync(room, ascii);
        await alice.SendAsync(room, twoByte);
        Assert.Equal(ascii, (await bob.WaitForTextAsync(room, ascii)).Text);
        Assert.Equal(twoByte, (await bob.WaitForTextAsync(room, twoByte)).Text);
    }

    [Fact(Timeout = E2E.TestTimeoutMs)]
    public async Task Valid_profile_values_are_accepted_in_hello()
    {
        var user = Ids.User("vic");
        var (set, peers) = await PeerSet.StartAsync(Server, user, user);
        await using var _ = set;

        var withEmoji = await peers[0].HelloAsync(displayName: new string('V', 64), avatar: "👍🏽");
        Assert.True(withEmoji.Profile is not null, $"Welcome has no profile: {withEmoji}");
        Assert.Equal((new string('V', 64), "👍🏽"), (withEmoji.Profile.DisplayName, withEmoji.Profile.Avatar));
        var url = "https://example.com/avatars/vic.png";
        var withUrl = await peers[1].HelloAsync(displayName: "Vic", avatar: url);
        Assert.True(withUrl.Profile is not null, $"Welcome has no profile: {withUrl}");
        Assert.Equal(("Vic", url), (withUrl.Profile.DisplayName, withUrl.Profile.Avatar));
    }

    [Fact(Timeout = E2E.TestTimeoutMs)]
    public async Task Unary_calls_with_invalid_arguments_end_with_INVALID_ARGUMENT()
    {
        var room = Ids.Room("val");
        var (set, peers) = await PeerSet.StartAsync(Server, "alice");
        await using var _ = set;
        var alice = peers[0];
        await alice.HelloAsync();
        await alice.JoinAsync(room);

        var cases = new (string What, string Op, object Arguments)[]
        {
            ("GetHistory with room_id 'bad room!'", "history", new { room_id = "bad room!" }),
            ("GetHistory with a 65-character room_id", "history", new { room_id = new string('r', 65) }),
            ("ListMembers with room_id 'a/b'", "list_members", new { room_id = "a/b" }),
            ("UpdateProfile with a 65-character display_name", "update_profile", new { display_name = new string('d', 65) }),
            ("UpdateProfile with avatar 'not an avatar'", "update_profile", new { avatar = "not an avatar" }),
            ("GetProfile with user_id 'bad user!'", "get_profile", new { user_id = "bad user!" }),
            ("SendBatch with an empty text", "batch", new { messages = new[] { new { room_id = room, text = "", client_message_id = Guid.NewGuid().ToString() } } }),
            ("SendBatch with a 4097-byte text", "batch", new { messages = new[] { new { room_id = room, text = new string('x', 4097), client_message_id = Guid.NewGuid().ToString() } } }),
            ("SendBatch to room_id 'bad room!'", "batch", new { messages = new[] { new { room_id = "bad room!", text = "hi", client_message_id = Guid.NewGuid().ToString() } } }),
        };

        var wrong = new List<string>();
        foreach (var (what, op, arguments) in cases)
        {
            var result = await alice.UnaryAsync(op, arguments);
            if (result.Code != "INVALID_ARGUMENT")
            {
                wrong.Add($"{what}: {result.Code} ({result.Details})");
            }
        }

        Assert.True(wrong.Count == 0, "expected INVALID_ARGUMENT, got:\n" + string.Join('\n', wrong));
        var history = await alice.GetHistoryAsync(room);
        Assert.DoesNotContain(history.Events, e => e.Kind == EventKind.Text);
    }
}

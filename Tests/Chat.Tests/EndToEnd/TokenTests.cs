using OrleansChat.Protocol.V1;

namespace OrleansChat.Chat.Tests.EndToEnd;

/// <summary>
/// Token mode: tokens minted by the server's own <c>token</c> command admit their user (in Hello.token or as
/// <c>authorization: Bearer</c>); no token, a token for someone else, or a forged one is refused.
/// </summary>
public sealed class TokenTests(TokenServerFixture fixture) : IClassFixture<TokenServerFixture>
{
    private ChatServerProcess Server => fixture.Server;

    [Fact(Timeout = E2E.TestTimeoutMs)]
    public async Task Token_holder_is_admitted_on_the_stream_and_on_unary_calls()
    {
        var room = Ids.Room("token");
        var user = Ids.User("alice");
        var token = await MintAsync(user, TokenServerFixture.Secret);
        var (set, peers) = await PeerSet.StartAsync(Server, user, user);
        await using var _ = set;
        var (inHello, inMetadata) = (peers[0], peers[1]);

        var welcome = (await inHello.RequestExpectingAsync(ServerFrame.KindOneofCase.Welcome, "hello", new { user_id = user, token })).Welcome;
        Assert.Equal(user, welcome.UserId);
        await inHello.JoinAsync(room);
        var ack = await inHello.SendAsync(room, "signed and sealed");

        var bearer = new Dictionary<string, string> { ["authorization"] = "Bearer " + token };
        var viaMetadata = (await inMetadata.RequestExpectingAsync(ServerFrame.KindOneofCase.Welcome, "hello", new { user_id = user, metadata = bearer })).Welcome;
        Assert.Equal(user, viaMetadata.UserId);

        var history = await inHello.UnaryAsync("history", new { room_id = room, metadata = bearer });
        Assert.True(history.Code == "OK", $"GetHistory with a Bearer token: {history.Code} ({history.Details})");
        Assert.Contains(history.Response<GetHistoryResponse>().Events, e => e.Seq == ack.Seq);
    }

    [Fact(Timeout = E2E.TestTimeoutMs)]
    public async Task Missing_foreign_or_forged_token_is_refused()
    {
        var user = Ids.User("mallory");
        var someoneElse = await MintAsync(Ids.User("alice"), TokenServerFixture.Secret);
        var forged = await MintAsync(user, "not-the-server-secret-987654321");
        var (set, peers) = await PeerSet.StartAsync(Server, user, user, user);
        await using var _ = set;

        var cases = new (PythonPeer Peer, string What, object Hello)[]
        {
            (peers[0], "no token", new { user_id = user }),
            (peers[1], "a token for another user", new { user_id = user, token = someoneElse }),
            (peers[2], "a token signed with another secret", new { user_id = user, token = forged }),
        };
        foreach (var (peer, what, hello) in cases)
        {
            var mark = peer.LineCount;
            var requestId = peer.PostFrame("hello", hello);
            var answer = await peer.WaitForAsync(
                l => (l.Type == "stream_end" && l.Stream == "connect") || l.Frame?.RequestId == requestId,
                $"the answer to a Hello with {what}",
                from: mark);
            var refused = answer.Code is "UNAUTHENTICATED" or "PERMISSION_DENIED"
                || answer.Frame?.Error is { Code: 16 or 7 };
            Assert.True(refused, $"Hello with {what} was answered with {answer.Raw}");
        }

        var unary = await peers[0].UnaryAsync("list_rooms", new { metadata = new Dictionary<string, string> { ["x-user-id"] = user } });
        Assert.True(unary.Code == "UNAUTHENTICATED", $"ListRooms with only x-user-id on a token server: {unary.Code} ({unary.Details})");
    }

    private static Task<string> MintAsync(string user, string secret) => ChatServerProcess.RunToolAsync("token", user, "--token-secret", secret);
}

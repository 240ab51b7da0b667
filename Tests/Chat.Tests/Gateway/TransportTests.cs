using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using OrleansChat.Gateway.Auth;
using OrleansChat.Protocol.V1;

namespace OrleansChat.Chat.Tests.Gateway;

/// <summary>
/// The gateway on grpc-dotnet as a client sees the transport: bad input on one call gets a precise status while a
/// healthy chat stream on the same HTTP/2 connection goes on; health; gRPC-Web over HTTP/1.1 on the web port.
/// </summary>
[Collection(GatewayServerCollection.Name)]
public sealed class TransportTests(GatewayServerFixture fixture)
{
    private static readonly Marshaller<byte[]> RawBytes = Marshallers.Create(bytes => bytes, bytes => bytes);

    private Silo.Hosting.ChatServer Server => fixture.Server;

    [Fact]
    public async Task Bad_calls_get_precise_statuses_while_a_chat_stream_on_the_same_connection_keeps_working()
    {
        const string secret = "transport-secret";
        await using var server = await TestChatServer.StartAsync(o => o.Gateway.TokenSecret = secret);
        var room = TestChatServer.NewRoomId("transport");
        using var channel = GrpcChannel.ForAddress(server.Address);
        var client = new ChatService.ChatServiceClient(channel);
        using var session = client.Connect();
        var frames = new ResponseRecorder<ServerFrame>(session.ResponseStream);
        frames.Start();
        var token = new TokenIssuer(secret).Issue("tessa", TimeSpan.FromHours(1));
        await session.RequestStream.WriteAsync(new ClientFrame { RequestId = 1, Hello = new Hello { Token = token } });
        await session.RequestStream.WriteAsync(new ClientFrame { RequestId = 2, Join = new JoinRoom { RoomId = room } });
        await frames.WaitForAsync(f => f.RequestId == 2, "Joined");
        var invoker = channel.CreateCallInvoker();

        var oversized = await CallRawAsync(invoker, "GetHistory", new byte[5 * 1024 * 1024]);
        var malformed = await CallRawAsync(invoker, "GetHistory", [0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]);
        var unknown = await CallRawAsync(invoker, "NoSuchMethod", []);
        var wrongToken = await Assert.ThrowsAsync<RpcException>(() => client.ListRoomsAsync(
            new ListRoomsRequest(), new Metadata { { "authorization", "Bearer " + new TokenIssuer("another-secret").Issue("tessa", TimeSpan.FromHours(1)) } }).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, oversized.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, malformed.StatusCode);
        Assert.Contains("chat.v1.GetHistoryRequest", malformed.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.Unimplemented, unknown.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, wrongToken.StatusCode);

        await session.RequestStream.WriteAsync(new ClientFrame { RequestId = 3, Send = new SendMessage { RoomId = room, Text = "still here" } });
        var ack = await frames.WaitForAsync(f => f.RequestId == 3, "the Ack after the bad calls");
        Assert.Equal(ServerFrame.KindOneofCase.Ack, ack.KindCase);
        Assert.False(frames.Ended.IsCompleted);
        Assert.Empty(TestChatServer.ErrorLogs(server));
    }

    [Fact]
    public async Task Health_service_answers_serving_for_the_server()
    {
        using var channel = GrpcChannel.ForAddress(Server.Address);

        var response = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task Health_watch_turns_not_serving_when_the_server_stops()
    {
        var server = await TestChatServer.StartAsync();
        using var channel = GrpcChannel.ForAddress(server.Address);
        using var watch = new Health.HealthClient(channel).Watch(new HealthCheckRequest());
        var statuses = new ResponseRecorder<HealthCheckResponse>(watch.ResponseStream);
        statuses.Start();
        await statuses.WaitForAsync(r => r.Status == HealthCheckResponse.Types.ServingStatus.Serving, "SERVING");

        var stopping = server.DisposeAsync();
        await statuses.WaitForAsync(r => r.Status == HealthCheckResponse.Types.ServingStatus.NotServing, "NOT_SERVING while stopping");
        await stopping;
    }

    [Fact]
    public async Task Browser_style_grpc_web_call_over_http_1_1_on_the_web_port_answers_with_grpc_status_0()
    {
        await using var server = await TestChatServer.StartAsync(o => o.WebPort = 0);
        Assert.NotNull(server.WebAddress);
        using var http = new HttpClient { BaseAddress = server.WebAddress, DefaultRequestVersion = HttpVersion.Version11 };
        using var request = new HttpRequestMessage(HttpMethod.Post, "chat.v1.ChatService/ListRooms")
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(Frame(new ListRoomsRequest().ToByteArray(), trailer: false)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc-web+proto");
        request.Headers.Add("x-user-id", "webby");
        request.Headers.Add("x-grpc-web", "1");

        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal((HttpStatusCode.OK, new Version(1, 1)), (response.StatusCode, response.Version));
        Assert.StartsWith("application/grpc-web", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        var (message, trailers) = ReadGrpcWebBody(body);
        Assert.Empty(ListRoomsResponse.Parser.ParseFrom(message).Rooms);
        var status = trailers.Split("\r\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(':', 2))
            .Single(pair => pair[0].Trim() == "grpc-status")[1].Trim();
        Assert.Equal("0", status);
        Assert.Empty(TestChatServer.ErrorLogs(server));
    }

    private static async Task<RpcException> CallRawAsync(CallInvoker invoker, string method, byte[] payload)
    {
        var descriptor = new Method<byte[], byte[]>(MethodType.Unary, "chat.v1.ChatService", method, RawBytes, RawBytes);
        using var call = invoker.AsyncUnaryCall(descriptor, null, new CallOptions(headers: TestChatServer.As("tessa")), payload);
        return await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);
    }

    // The gRPC length-prefixed message: flags (0x80 marks a gRPC-Web trailer frame), 4-byte big-endian length, bytes.
    private static byte[] Frame(byte[] payload, bool trailer)
    {
        var frame = new byte[5 + payload.Length];
        frame[0] = trailer ? (byte)0x80 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame, 5);
        return frame;
    }

    private static (byte[] Message, string Trailers) ReadGrpcWebBody(byte[] body)
    {
        var message = Array.Empty<byte>();
        var trailers = string.Empty;
        for (var offset = 0; offset < body.Length;)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(offset + 1));
            var payload = body.AsSpan(offset + 5, length);
            if ((body[offset] & 0x80) != 0)
            {
                trailers = Encoding.ASCII.GetString(payload);
            }
            else
            {
                message = payload.ToArray();
            }

            offset += 5 + length;
        }

        return (message, trailers);
    }
}

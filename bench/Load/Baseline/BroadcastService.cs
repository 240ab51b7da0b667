using System.Collections.Concurrent;
using Google.Protobuf;
using Grpc.Core;
using OrleansChat.Protocol.V1;

namespace OrleansChat.Bench.Load.Baseline;

/// <summary>
/// The raw transport baseline: serves <c>chat.v1.ChatService/Connect</c> with the chat.v1 frames the load generator
/// uses (Hello, JoinRoom, LeaveRoom, SendMessage) and no grains, storage or streams. A message is acked to its sender
/// and serialized once, and the same bytes are queued to every other session in the room, as the gateway does; so
/// the chat path and this one make the same number of deliveries and differ only by what the chat server adds.
/// One instance (a singleton) holds the rooms of every stream.
/// </summary>
internal sealed class BroadcastService : BroadcastServiceDefinition
{
    public const int SessionQueueCapacity = 256;

    private readonly ConcurrentDictionary<string, BroadcastRoom> _rooms = new(StringComparer.Ordinal);
    private long _sessions;

    public override Task Connect(IAsyncStreamReader<ClientFrame> requestStream, IServerStreamWriter<byte[]> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(requestStream);
        ArgumentNullException.ThrowIfNull(responseStream);
        ArgumentNullException.ThrowIfNull(context);
        var session = new BroadcastSession(SessionQueueCapacity, context.CancellationToken);
        return session.RunAsync(responseStream, () => ReadRequestsAsync(session, requestStream));
    }

    private async Task ReadRequestsAsync(BroadcastSession session, IAsyncStreamReader<ClientFrame> requests)
    {
        var joined = new HashSet<BroadcastRoom>();
        try
        {
            while (await requests.MoveNext(session.Token).ConfigureAwait(false))
            {
                await HandleAsync(session, joined, requests.Current).ConfigureAwait(false);
            }
        }
        finally
        {
            foreach (var room in joined)
            {
                room.Remove(session);
            }
        }
    }

    private async ValueTask HandleAsync(BroadcastSession session, HashSet<BroadcastRoom> joined, ClientFrame frame)
    {
        switch (frame.KindCase)
        {
            case ClientFrame.KindOneofCase.Hello:
                session.UserId = frame.Hello.UserId;
                await session.ReplyAsync(Serialize(new ServerFrame
                {
                    RequestId = frame.RequestId,
                    Welcome = new Welcome
                    {
                        UserId = frame.Hello.UserId,
                        SessionId = Interlocked.Increment(ref _sessions).ToString(System.Globalization.CultureInfo.InvariantCulture),
                        ServerVersion = "baseline",
                    },
                })).ConfigureAwait(false);
                return;
            case ClientFrame.KindOneofCase.Join:
                var room = _rooms.GetOrAdd(frame.Join.RoomId, _ => new BroadcastRoom());
                room.Add(session);
                joined.Add(room);
                await session.ReplyAsync(Serialize(new ServerFrame
                {
                    RequestId = frame.RequestId,
                    Joined = new Joined { RoomId = frame.Join.RoomId, LastSeq = room.LastSeq, Recovered = true },
                })).ConfigureAwait(false);
                return;
            case ClientFrame.KindOneofCase.Leave:
                if (_rooms.TryGetValue(frame.Leave.RoomId, out var left))
                {
                    left.Remove(session);
                    joined.Remove(left);
                }

                await session.ReplyAsync(Serialize(new ServerFrame { RequestId = frame.RequestId, Left = new Left { RoomId = frame.Leave.RoomId } })).ConfigureAwait(false);
                return;
            case ClientFrame.KindOneofCase.Send:
                await SendAsync(session, frame).ConfigureAwait(false);
                return;
            case ClientFrame.KindOneofCase.Ping:
                await session.ReplyAsync(Serialize(new ServerFrame { RequestId = frame.RequestId, Pong = new Pong { Nonce = frame.Ping.Nonce } })).ConfigureAwait(false);
                return;
            default:
                return;
        }
    }

    private async ValueTask SendAsync(BroadcastSession sender, ClientFrame frame)
    {
        var send = frame.Send;
        if (!_rooms.TryGetValue(send.RoomId, out var room))
        {
            await sender.ReplyAsync(Serialize(new ServerFrame
            {
                RequestId = frame.RequestId,
                Error = new Error { Code = (int)StatusCode.NotFound, Message = "not in the room", RoomId = send.RoomId },
            })).ConfigureAwait(false);
            return;
        }

        var seq = room.NextSeq();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var chatEvent = Serialize(new ServerFrame
        {
            Event = new ChatEvent
            {
                RoomId = send.RoomId,
                Seq = seq,
                MessageId = seq.ToString(System.Globalization.CultureInfo.InvariantCulture),
                SenderId = sender.UserId,
                SenderDisplayName = sender.UserId,
                Text = send.Text,
                ServerTimeUnixMs = now,
                Kind = EventKind.Text,
                ClientMessageId = send.ClientMessageId,
            },
        });
        foreach (var member in room.Members)
        {
            if (member != sender)
            {
                member.Push(chatEvent);
            }
        }

        await sender.ReplyAsync(Serialize(new ServerFrame
        {
            RequestId = frame.RequestId,
            Ack = new Ack { RoomId = send.RoomId, ClientMessageId = send.ClientMessageId, Seq = seq, ServerTimeUnixMs = now },
        })).ConfigureAwait(false);
    }

    private static byte[] Serialize(ServerFrame frame) => frame.ToByteArray();
}

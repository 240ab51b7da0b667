using Grpc.Core;
using Grpc.Net.Client;
using OrleansChat.Protocol.V1;

namespace OrleansChat.Chat.Tests.Gateway;

/// <summary>One chat.v1 Connect stream on its own connection (its own channel), recording what the server sends.</summary>
internal sealed class ChatTestClient : IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly AsyncDuplexStreamingCall<ClientFrame, ServerFrame> _call;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private long _nextRequestId;

    private ChatTestClient(Uri address, Metadata? headers, bool startReading)
    {
        _channel = GrpcChannel.ForAddress(address);
        _call = new ChatService.ChatServiceClient(_channel).Connect(new CallOptions(headers: headers));
        Recorder = new ResponseRecorder<ServerFrame>(_call.ResponseStream);
        if (startReading)
        {
            Recorder.Start();
        }
    }

    public ResponseRecorder<ServerFrame> Recorder { get; }

    public IReadOnlyList<ServerFrame> Frames => Recorder.Received;

    /// <summary>The chat events received, in order.</summary>
    public IReadOnlyList<ChatEvent> Events => [.. Frames.Where(f => f.KindCase == ServerFrame.KindOneofCase.Event).Select(f => f.Event)];

    /// <summary>Opens a Connect stream; with <paramref name="startReading"/> false nothing is read until <see cref="ResponseRecorder{T}.Start"/>.</summary>
    public static ChatTestClient Connect(Uri address, Metadata? headers = null, bool startReading = true) => new(address, headers, startReading);

    /// <summary>Connects and says Hello.</summary>
    public static async Task<ChatTestClient> ConnectAsync(Uri address, string userId, string? displayName = null)
    {
        var client = Connect(address);
        await client.HelloAsync(userId, displayName);
        return client;
    }

    public async Task<Welcome> HelloAsync(string userId, string? displayName = null, string? avatar = null, string? token = null)
    {
        var answer = await RequestAsync(new ClientFrame
        {
            Hello = new Hello { UserId = userId, DisplayName = displayName ?? string.Empty, Avatar = avatar ?? string.Empty, Token = token ?? string.Empty },
        });
        return Expect(answer, ServerFrame.KindOneofCase.Welcome).Welcome;
    }

    public async Task<Joined> JoinAsync(string roomId, long? resumeAfterSeq = null, uint historyLimit = 0)
    {
        var join = new JoinRoom { RoomId = roomId, HistoryLimit = historyLimit };
        if (resumeAfterSeq is { } seq)
        {
            join.ResumeAfterSeq = seq;
        }

        return Expect(await RequestAsync(new ClientFrame { Join = join }), ServerFrame.KindOneofCase.Joined).Joined;
    }

    public async Task<Ack> SendAsync(string roomId, string text, string? clientMessageId = null)
    {
        var answer = await RequestAsync(new ClientFrame
        {
            Send = new SendMessage { RoomId = roomId, Text = text, ClientMessageId = clientMessageId ?? Guid.NewGuid().ToString() },
        });
        return Expect(answer, ServerFrame.KindOneofCase.Ack).Ack;
    }

    public async Task<Left> LeaveAsync(string roomId) =>
        Expect(await RequestAsync(new ClientFrame { Leave = new LeaveRoom { RoomId = roomId } }), ServerFrame.KindOneofCase.Left).Left;

    /// <summary>Sends a frame with a fresh request id and returns the server's answer to it.</summary>
    public async Task<ServerFrame> RequestAsync(ClientFrame frame)
    {
        frame.RequestId = (ulong)Interlocked.Increment(ref _nextRequestId);
        await WriteAsync(frame);
        return await Recorder.WaitForAsync(f => f.RequestId == frame.RequestId, "the answer to request " + frame.RequestId + " (" + frame.KindCase + ")");
    }

    /// <summary>Sends a frame expecting an Error answer.</summary>
    public async Task<Error> ExpectErrorAsync(ClientFrame frame) => Expect(await RequestAsync(frame), ServerFrame.KindOneofCase.Error).Error;

    public async Task WriteAsync(ClientFrame frame)
    {
        await _writeLock.WaitAsync();
        try
        {
            await _call.RequestStream.WriteAsync(frame);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public Task<ChatEvent> WaitForEventAsync(Func<ChatEvent, bool> predicate, string description) =>
        Recorder.WaitForAsync(f => f.KindCase == ServerFrame.KindOneofCase.Event && predicate(f.Event), description)
            .ContinueWith(t => t.Result.Event, TaskScheduler.Default);

    public Task<ChatEvent> WaitForTextAsync(string roomId, string text) =>
        WaitForEventAsync(e => e.RoomId == roomId && e.Kind == EventKind.Text && e.Text == text, "the message '" + text + "' in " + roomId);

    /// <summary>Half-closes the request stream: the server ends the session.</summary>
    public Task CompleteAsync() => _call.RequestStream.CompleteAsync();

    public void Dispose()
    {
        _call.Dispose();
        _channel.Dispose();
        _writeLock.Dispose();
    }

    private static ServerFrame Expect(ServerFrame frame, ServerFrame.KindOneofCase kind) =>
        frame.KindCase == kind
            ? frame
            : throw new InvalidOperationException("Expected " + kind + " but the server answered " + frame);
}

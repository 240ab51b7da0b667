using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using OrleansChat.Protocol.V1;

namespace OrleansChat.Chat.Tests.EndToEnd;

/// <summary>
/// A chat.v1 Connect session over the project's own gRPC client (<see cref="GrpcChannel"/>), with the method
/// descriptor shared with every client of chat.v1. Frames received are kept in order; waits are on
/// specific frames, bounded by <see cref="PythonPeer.DefaultWait"/>.
/// </summary>
internal sealed class CSharpChatClient : IAsyncDisposable
{
    private readonly ChatServerProcess _server;
    private readonly GrpcChannel _channel;
    private readonly AsyncDuplexStreamingCall<ClientFrame, ServerFrame> _call;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<ServerFrame> _frames = [];
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Task _reader;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _ended;
    private ulong _nextRequestId;

    private CSharpChatClient(ChatServerProcess server, string user)
    {
        _server = server;
        User = user;
        _channel = GrpcChannel.ForAddress(server.Address);
        _call = new ChatService.ChatServiceClient(_channel).Connect(new CallOptions(cancellationToken: _stop.Token));
        _reader = Task.Run(ReadAsync);
    }

    public string User { get; }

    public static CSharpChatClient Connect(ChatServerProcess server, string user) => new(server, user);

    public IReadOnlyList<ServerFrame> Frames()
    {
        lock (_gate)
        {
            return [.. _frames];
        }
    }

    public IReadOnlyList<ChatEvent> Events()
        => [.. Frames().Where(f => f.KindCase == ServerFrame.KindOneofCase.Event).Select(f => f.Event)];

    public async Task<ServerFrame> RequestAsync(ClientFrame frame)
    {
        frame.RequestId = Interlocked.Increment(ref _nextRequestId);
        await _writeLock.WaitAsync();
        try
        {
            await _call.RequestStream.WriteAsync(frame);
        }
        finally
        {
            _writeLock.Release();
        }

        return await WaitForAsync(f => f.RequestId == frame.RequestId, $"the answer to {frame}");
    }

    public async Task<T> RequestExpectingAsync<T>(ClientFrame frame, ServerFrame.KindOneofCase expected, Func<ServerFrame, T> select)
    {
        var answer = await RequestAsync(frame);
        if (answer.KindCase != expected)
        {
            throw Failure($"{frame} was answered with {answer} instead of {expected}");
        }

        return select(answer);
    }

    public Task<Welcome> HelloAsync()
        => RequestExpectingAsync(new ClientFrame { Hello = new Hello { UserId = User } }, ServerFrame.KindOneofCase.Welcome, f => f.Welcome);

    public Task<Joined> JoinAsync(string roomId)
        => RequestExpectingAsync(new ClientFrame { Join = new JoinRoom { RoomId = roomId } }, ServerFrame.KindOneofCase.Joined, f => f.Joined);

    public Task<Ack> SendAsync(string roomId, string text, string clientMessageId)
        => RequestExpectingAsync(
            new ClientFrame { Send = new SendMessage { RoomId = roomId, Text = text, ClientMessageId = clientMessageId } },
            ServerFrame.KindOneofCase.Ack,
            f => f.Ack);

    public async Task<ChatEvent> WaitForTextAsync(string roomId, string text)
        => (await WaitForAsync(
            f => f.KindCase == ServerFrame.KindOneofCase.Event && f.Event.Kind == EventKind.Text && f.Event.RoomId == roomId && f.Event.Text == text,
            $"the message '{text}' in {roomId}")).Event;

    public async Task<ServerFrame> WaitForAsync(Func<ServerFrame, bool> match, string what)
    {
        var clock = Stopwatch.StartNew();
        var index = 0;
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                for (; index < _frames.Count; index++)
                {
                    if (match(_frames[index]))
                    {
                        return _frames[index];
                    }
                }

                if (_ended is not null)
                {
                    throw Failure($"waiting for {what}: the Connect call ended: {_ended}");
                }

                changed = _changed.Task;
            }

            var remaining = PythonPeer.DefaultWait - clock.Elapsed;
            try
            {
                await changed.WaitAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero);
            }
            catch (TimeoutException)
            {
                throw Failure($"timed out after {PythonPeer.DefaultWait.TotalSeconds} s waiting for {what}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _call.RequestStream.CompleteAsync().WaitAsync(PythonPeer.DefaultWait);
            await _reader.WaitAsync(TimeSpan.FromSeconds(3));
        }
        catch (Exception e) when (e is TimeoutException or RpcException or InvalidOperationException or IOException)
        {
            // The server did not end the call after our half-close; cancelling it below is the cleanup.
        }

        await _stop.CancelAsync();
        _call.Dispose();
        _channel.Dispose();
        _stop.Dispose();
        _writeLock.Dispose();
    }

    private async Task ReadAsync()
    {
        string ended;
        try
        {
            while (await _call.ResponseStream.MoveNext(_stop.Token))
            {
                lock (_gate)
                {
                    _frames.Add(_call.ResponseStream.Current);
                    Signal();
                }
            }

            ended = $"status {_call.GetStatus()}";
        }
        catch (RpcException e)
        {
            ended = $"RpcException {e.Status}";
        }
        catch (OperationCanceledException)
        {
            ended = "cancelled by the test";
        }
        catch (Exception e)
        {
            // Reported by the next wait (with the frames so far and the server's output), never dropped.
            ended = $"the client failed: {e}";
        }

        lock (_gate)
        {
            _ended = ended;
            Signal();
        }
    }

    private void Signal()
    {
        var changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();
    }

    private EndToEndException Failure(string message)
    {
        var frames = Frames();
        return new EndToEndException(
            $"C# client {User}: {message}\n--- {frames.Count} frames received:\n  {string.Join("\n  ", frames.TakeLast(40))}\n{_server.Describe(60)}");
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Grpc.Core;
using Grpc.Net.Client;
using OrleansChat.Protocol.V1;

namespace OrleansChat.Bench.Load.Client;

/// <summary>
/// One simulated chat client: one duplex <c>Connect</c> call (<see cref="ChatMethods.Connect"/> through the
/// channel's <see cref="CallInvoker"/>), a bounded outbox drained by one write loop (the
/// request stream takes one write at a time) and one read loop. Control frames (Hello, JoinRoom, LeaveRoom) are
/// awaited by request id; message sends are fire-and-forget and carry their benchmark message index in the
/// request id (offset by <see cref="SendRequestIdBase"/>), so acks and refusals map back without a table.
/// </summary>
internal sealed class ChatClient : IAsyncDisposable
{
    public const ulong SendRequestIdBase = 1UL << 40;

    private readonly AsyncDuplexStreamingCall<ClientFrame, FrameSummary> _call;
    private readonly IClientListener _listener;
    private readonly Channel<ClientFrame> _outbox;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _pendingLock = new();
    private readonly Dictionary<ulong, TaskCompletionSource<ServerFrame>> _pending = [];
    private readonly GrpcChannel? _ownedChannel;
    private ulong _lastControlId;
    private Task _sendLoop = Task.CompletedTask;
    private Task _receiveLoop = Task.CompletedTask;
    private int _ended;

    private ChatClient(int index, string userId, CallInvoker invoker, IClientListener listener, int outboxCapacity, GrpcChannel? ownedChannel)
    {
        Index = index;
        UserId = userId;
        _listener = listener;
        _ownedChannel = ownedChannel;
        _outbox = Channel.CreateBounded<ClientFrame>(new BoundedChannelOptions(outboxCapacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _call = invoker.AsyncDuplexStreamingCall(ChatMethods.Connect, host: null, new CallOptions(cancellationToken: _stop.Token));
    }

    public int Index { get; }

    public string UserId { get; }

    public bool IsEnded => Volatile.Read(ref _ended) != 0;

    /// <summary>Opens the call, says Hello and waits for Welcome. Disposes <paramref name="ownedChannel"/> with the client.</summary>
    public static async Task<ChatClient> ConnectAsync(
        int index,
        string userId,
        CallInvoker invoker,
        IClientListener listener,
        int outboxCapacity,
        GrpcChannel? ownedChannel,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var client = new ChatClient(index, userId, invoker, listener, outboxCapacity, ownedChannel);
        client._sendLoop = client.SendLoopAsync();
        client._receiveLoop = client.ReceiveLoopAsync();
        try
        {
            await client.RequestAsync(new ClientFrame { Hello = new Hello { UserId = userId } }, timeout, cancellationToken).ConfigureAwait(false);
            return client;
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Joins a room; returns the Joined frame and how long it took to arrive.</summary>
    public async Task<(Joined Joined, TimeSpan Elapsed)> JoinAsync(string roomId, uint historyLimit, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var frame = await RequestAsync(new ClientFrame { Join = new JoinRoom { RoomId = roomId, HistoryLimit = historyLimit } }, timeout, cancellationToken).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started);
        return frame.KindCase == ServerFrame.KindOneofCase.Joined
            ? (frame.Joined, elapsed)
            : throw new InvalidOperationException($"Expected Joined for room {roomId}, got {frame.KindCase}.");
    }

    public Task LeaveAsync(string roomId, TimeSpan timeout, CancellationToken cancellationToken)
        => RequestAsync(new ClientFrame { Leave = new LeaveRoom { RoomId = roomId } }, timeout, cancellationToken);

    /// <summary>Queues benchmark message <paramref name="messageIndex"/>; false when the outbox is full or the call ended.</summary>
    public bool TrySend(string roomId, long messageIndex, string text)
    {
        if (IsEnded)
        {
            return false;
        }

        return _outbox.Writer.TryWrite(new ClientFrame
        {
            RequestId = SendRequestIdBase + (ulong)messageIndex,
            Send = new SendMessage
            {
                RoomId = roomId,
                ClientMessageId = messageIndex.ToString(CultureInfo.InvariantCulture),
                Text = text,
            },
        });
    }

    public async ValueTask DisposeAsync()
    {
        _outbox.Writer.TryComplete();
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
        }

        _call.Dispose();
        try
        {
            await Task.WhenAll(_sendLoop, _receiveLoop).ConfigureAwait(false);
        }
        finally
        {
            _ownedChannel?.Dispose();
            _stop.Dispose();
        }
    }

    private async Task<ServerFrame> RequestAsync(ClientFrame frame, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var completion = new TaskCompletionSource<ServerFrame>(TaskCreationOptions.RunContinuationsAsynchronously);
        ulong requestId;
        lock (_pendingLock)
        {
            if (IsEnded)
            {
                throw new InvalidOperationException($"The stream of {UserId} has ended.");
            }

            requestId = ++_lastControlId;
            _pending.Add(requestId, completion);
        }

        frame.RequestId = requestId;
        try
        {
            await _outbox.Writer.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
            return await completion.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            lock (_pendingLock)
            {
                _pending.Remove(requestId);
            }
        }
    }

    private async Task SendLoopAsync()
    {
        var reader = _outbox.Reader;
        try
        {
            while (await reader.WaitToReadAsync(_stop.Token).ConfigureAwait(false))
            {
                while (reader.TryRead(out var frame))
                {
                    await _call.RequestStream.WriteAsync(frame, _stop.Token).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex)
        {
            // Reported to the listener (the run counts and notes failed streams), never swallowed.
            End(_stop.IsCancellationRequested ? null : ex);
        }
    }

    private async Task ReceiveLoopAsync()
    {
        Exception? error = null;
        try
        {
            var responses = _call.ResponseStream;
            while (await responses.MoveNext(_stop.Token).ConfigureAwait(false))
            {
                Dispatch(responses.Current);
            }
        }
        catch (Exception ex)
        {
            // Reported to the listener through End, never swallowed.
            error = _stop.IsCancellationRequested ? null : ex;
        }

        End(error);
    }

    private void Dispatch(FrameSummary frame)
    {
        switch (frame.Kind)
        {
            case ServerFrame.KindOneofCase.Event or ServerFrame.KindOneofCase.Presence or ServerFrame.KindOneofCase.Typing:
                _listener.OnPush(this, frame, Stopwatch.GetTimestamp());
                return;
            case ServerFrame.KindOneofCase.Ack when frame.RequestId >= SendRequestIdBase:
                _listener.OnAck(this, (long)(frame.RequestId - SendRequestIdBase));
                return;
            case ServerFrame.KindOneofCase.Error when frame.RequestId >= SendRequestIdBase:
                _listener.OnSendRejected(this, (long)(frame.RequestId - SendRequestIdBase), frame.Full!.Error.Code, frame.Full.Error.Message);
                return;
            case ServerFrame.KindOneofCase.Error:
                Complete(frame.RequestId, null, new ServerErrorException(frame.Full!.Error.Code, frame.Full.Error.Message));
                return;
            case ServerFrame.KindOneofCase.Welcome or ServerFrame.KindOneofCase.Joined or ServerFrame.KindOneofCase.Left or ServerFrame.KindOneofCase.Pong:
                Complete(frame.RequestId, frame.Full, null);
                return;
            default:
                return;
        }
    }

    private void Complete(ulong requestId, ServerFrame? frame, Exception? error)
    {
        TaskCompletionSource<ServerFrame>? completion;
        lock (_pendingLock)
        {
            _pending.TryGetValue(requestId, out completion);
        }

        if (error is not null)
        {
            completion?.TrySetException(error);
        }
        else if (frame is not null)
        {
            completion?.TrySetResult(frame);
        }
    }

    private void End(Exception? error)
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0)
        {
            return;
        }

        _outbox.Writer.TryComplete();
        TaskCompletionSource<ServerFrame>[] pending;
        lock (_pendingLock)
        {
            pending = [.. _pending.Values];
        }

        foreach (var completion in pending)
        {
            completion.TrySetException(error ?? new InvalidOperationException($"The stream of {UserId} has ended."));
        }

        _listener.OnStreamEnded(this, error);
    }
}

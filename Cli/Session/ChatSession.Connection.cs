using Grpc.Core;
using OrleansChat.Cli.Connection;
using OrleansChat.Cli.Output;
using OrleansChat.Protocol.V1;

namespace OrleansChat.Cli.Session;

/// <summary>The stream's life: handshake, making a connection current (resume and re-send), outgoing frames,
/// reading until it breaks, reconnecting with backoff.</summary>
internal sealed partial class ChatSession
{
    private string Describe(Exception exception) => exception switch
    {
        HelloRefusedException refused => $"{_address} refused the session: {StatusNames.Of(refused.Error.Code)}: {refused.Error.Message}",
        _ => ConnectionErrors.Describe(exception, _address),
    };

    /// <summary>Opens a stream and does the handshake: Hello, then Welcome (or an Error) within the request timeout.</summary>
    private async Task<(SessionConnection Connection, Welcome Welcome)> OpenAsync(CancellationToken cancellationToken)
    {
        SessionIdentity identity;
        ulong requestId;
        lock (_gate)
        {
            identity = _identity;
            requestId = ++_lastRequestId;
        }

        var connection = new SessionConnection(_transport.Connect(_stopping.Token), OutboxCapacity);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
            timeout.CancelAfter(RequestTimeout);
            var hello = new Hello
            {
                UserId = identity.UserId,
                DisplayName = identity.DisplayName ?? string.Empty,
                Avatar = identity.Avatar ?? string.Empty,
                Token = identity.Token ?? string.Empty,
            };
            await connection.Stream.WriteAsync(new ClientFrame { RequestId = requestId, Hello = hello }, timeout.Token).ConfigureAwait(false);
            ServerFrame? answer;
            try
            {
                answer = await connection.Stream.ReadAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && !_stopping.IsCancellationRequested)
            {
                throw new TimeoutException($"no answer to Hello within {RequestTimeout.TotalSeconds:0} s");
            }

            return answer?.KindCase switch
            {
                ServerFrame.KindOneofCase.Welcome => (connection, answer.Welcome),
                ServerFrame.KindOneofCase.Error => throw new HelloRefusedException(answer.Error),
                null => throw new IOException("the server ended the stream before answering Hello"),
                _ => throw new IOException($"the server answered Hello with {answer.KindCase} instead of Welcome"),
            };
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Makes <paramref name="connection"/> current: queues a join (a resume where a seq is known) for every
    /// room, then the leaves owed, then the oldest unacknowledged message (the others follow it one by one, each
    /// after the previous ack) — all before any new frame.</summary>
    private void Activate(SessionConnection connection, Welcome welcome)
    {
        lock (_gate)
        {
            Welcome = welcome;
            _connection = connection;
            foreach (var cursor in _rooms.Values.OrderBy(r => r.Order))
            {
                cursor.Joined = false;
                var request = Track(RequestKind.Join, cursor.RoomId, waiter: false);
                Enqueue(connection, JoinFrame(request.Id, cursor));
            }

            foreach (var roomId in _leavesToSend)
            {
                var request = Track(RequestKind.Leave, roomId, waiter: false);
                Enqueue(connection, new ClientFrame { RequestId = request.Id, Leave = new LeaveRoom { RoomId = roomId } });
            }

            _leavesToSend.Clear();
            _transmitted = null;
            TransmitNext();
        }

        connection.StartWriter();
    }

    private ClientFrame JoinFrame(ulong requestId, RoomCursor cursor)
    {
        var join = new JoinRoom { RoomId = cursor.RoomId, HistoryLimit = HistoryLimit };
        if (cursor.LastSeq is { } lastSeq)
        {
            join.ResumeAfterSeq = lastSeq;
        }

        return new ClientFrame { RequestId = requestId, Join = join };
    }

    /// <summary>Writes the oldest unacknowledged send when none is in flight (under the lock).</summary>
    private void TransmitNext()
    {
        if (_connection is { } connection && _transmitted is null && !_sendsPaused && _pending.Oldest is { } next)
        {
            _transmitted = next;
            Transmit(connection, next);
        }
    }

    private void Transmit(SessionConnection connection, PendingSend send)
    {
        var request = Track(RequestKind.Send, send.RoomId, waiter: false, send.ClientMessageId);
        Enqueue(connection, new ClientFrame { RequestId = request.Id, Send = send.ToMessage() });
    }

    private static void Enqueue(SessionConnection connection, ClientFrame frame)
    {
        if (!connection.TryEnqueue(frame))
        {
            // Full or closed: this connection is broken; the reconnect re-sends what matters.
            connection.Abort();
        }
    }

    private InFlight Track(RequestKind kind, string roomId, bool waiter, string? clientMessageId = null)
    {
        var request = new InFlight(++_lastRequestId, kind, roomId, clientMessageId, waiter);
        _inFlight[request.Id] = request;
        return request;
    }

    private async Task<ServerFrame?> WaitAsync(InFlight request, CancellationToken cancellationToken)
    {
        try
        {
            return await request.Answer!.Task.WaitAsync(RequestTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            lock (_gate)
            {
                _inFlight.Remove(request.Id);
            }

            return null;
        }
    }

    /// <summary>Reads the current stream; when it breaks, reconnects and resumes, until stopped or refused for good.</summary>
    private async Task SuperviseAsync(SessionConnection connection)
    {
        await Task.Yield();
        while (true)
        {
            var reason = await ReadUntilBrokenAsync(connection).ConfigureAwait(false);
            Detach(connection);
            await connection.DisposeAsync().ConfigureAwait(false);
            if (_stopRequested || reason is null)
            {
                return;
            }

            var next = await ReconnectAsync(reason).ConfigureAwait(false);
            if (next is null)
            {
                return;
            }

            connection = next;
        }
    }

    /// <summary>Returns why the stream ended, or null when it ended for good (stopped, or refused).</summary>
    private async Task<string?> ReadUntilBrokenAsync(SessionConnection connection)
    {
        try
        {
            while (await connection.ReadAsync().ConfigureAwait(false) is { } frame)
            {
                await HandleAsync(frame).ConfigureAwait(false);
            }

            return "the server ended the session";
        }
        catch (Exception exception) when (!ConnectionErrors.IsFatalForProcess(exception))
        {
            if (_stopRequested)
            {
                return null;
            }

            if (!ConnectionErrors.IsRetryable(exception))
            {
                await EndAsync(Describe(exception)).ConfigureAwait(false);
                return null;
            }

            return exception is OperationCanceledException ? "the connection was reset" : ConnectionErrors.ShortReason(exception);
        }
    }

    private void Detach(SessionConnection connection)
    {
        List<InFlight> waiting;
        lock (_gate)
        {
            if (_connection == connection)
            {
                _connection = null;
            }

            foreach (var cursor in _rooms.Values)
            {
                cursor.Joined = false;
            }

            waiting = _inFlight.Values.ToList();
            _inFlight.Clear();
            _transmitted = null;
        }

        // Commands waiting for an answer learn that none is coming on this stream.
        foreach (var request in waiting)
        {
            request.Answer?.TrySetResult(null);
        }
    }

    private async Task<SessionConnection?> ReconnectAsync(string reason)
    {
        while (!_stopRequested)
        {
            var delay = _backoff.NextDelay();
            await _output.WriteAsync(new ReconnectingEvent(reason, _backoff.Attempt, delay)).ConfigureAwait(false);
            try
            {
                await Task.Delay(delay, _stopping.Token).ConfigureAwait(false);
                var (connection, welcome) = await OpenAsync(_stopping.Token).ConfigureAwait(false);
                _backoff.Reset();
                await _output.WriteAsync(new ConnectedEvent(welcome, _address.Display, IsReconnect: true)).ConfigureAwait(false);
                Activate(connection, welcome);
                return connection;
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return null;
            }
            catch (Exception exception) when (!ConnectionErrors.IsFatalForProcess(exception))
            {
                var retryable = exception is HelloRefusedException refused
                    ? ConnectionErrors.IsRetryable((StatusCode)refused.Error.Code)
                    : ConnectionErrors.IsRetryable(exception);
                if (!retryable)
                {
                    await EndAsync(Describe(exception)).ConfigureAwait(false);
                    return null;
                }

                reason = ConnectionErrors.ShortReason(exception);
            }
        }

        return null;
    }

    private async Task EndAsync(string reason)
    {
        await _output.WriteAsync(new ErrorNoticeEvent(reason)).ConfigureAwait(false);
        _ended.TrySetResult(reason);
    }
}

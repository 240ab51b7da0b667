using Grpc.Core;
using OrleansChat.Cli.Connection;
using OrleansChat.Cli.Output;
using OrleansChat.Protocol.V1;

namespace OrleansChat.Cli.Session;

/// <summary>What the server sends: each frame updates the session's state under the lock and becomes at most
/// one output event, written after the lock is released.</summary>
internal sealed partial class ChatSession
{
    private async Task HandleAsync(ServerFrame frame)
    {
        OutputEvent? output = frame.KindCase switch
        {
            ServerFrame.KindOneofCase.Event => OnEvent(frame.Event),
            ServerFrame.KindOneofCase.Joined => OnJoined(frame),
            ServerFrame.KindOneofCase.Left => OnLeft(frame),
            ServerFrame.KindOneofCase.Ack => OnAck(frame),
            ServerFrame.KindOneofCase.Error => OnError(frame),
            ServerFrame.KindOneofCase.Presence => new PresenceEvent(frame.Presence),
            ServerFrame.KindOneofCase.Typing => new TypingEvent(frame.Typing),
            _ => null,
        };
        if (output is not null)
        {
            await _output.WriteAsync(output).ConfigureAwait(false);
        }
    }

    private ChatEventReceived? OnEvent(ChatEvent chatEvent)
    {
        lock (_gate)
        {
            if (!_rooms.TryGetValue(chatEvent.RoomId, out var cursor) || !cursor.TryAdvance(chatEvent.Seq))
            {
                return null;
            }

            return IsOwnEcho(chatEvent) ? null : new ChatEventReceived(chatEvent);
        }
    }

    private RoomJoinedEvent? OnJoined(ServerFrame frame)
    {
        var joined = frame.Joined;
        InFlight? request;
        RoomJoinedEvent? output = null;
        lock (_gate)
        {
            _inFlight.Remove(frame.RequestId, out request);
            if (_rooms.TryGetValue(joined.RoomId, out var cursor))
            {
                var resumedFrom = cursor.LastSeq;
                var shown = new List<ChatEvent>(joined.History.Count);
                if (resumedFrom is { } last && joined.LastSeq < last)
                {
                    // The server's seq went back: its history was reset. Follow it, or new events would look old.
                    cursor.ResetTo(joined.LastSeq);
                }

                foreach (var chatEvent in joined.History)
                {
                    if (cursor.TryAdvance(chatEvent.Seq) && !IsOwnEcho(chatEvent))
                    {
                        shown.Add(chatEvent);
                    }
                }

                cursor.AdvanceTo(joined.LastSeq);
                cursor.Joined = true;
                output = new RoomJoinedEvent(joined, shown, IsResume: resumedFrom is not null);
            }
        }

        request?.Answer?.TrySetResult(frame);
        return output;
    }

    private RoomLeftEvent OnLeft(ServerFrame frame)
    {
        InFlight? request;
        lock (_gate)
        {
            _inFlight.Remove(frame.RequestId, out request);

            // Also when the server ends the membership on its own: the room is not resumed any more.
            _rooms.Remove(frame.Left.RoomId);
        }

        request?.Answer?.TrySetResult(frame);
        return new RoomLeftEvent(frame.Left.RoomId);
    }

    private MessageAckedEvent? OnAck(ServerFrame frame)
    {
        var ack = frame.Ack;
        PendingSend? send;
        SessionIdentity identity;
        lock (_gate)
        {
            _inFlight.Remove(frame.RequestId);
            if (!_pending.TryRemove(ack.ClientMessageId, out send))
            {
                // A duplicate ack for a message re-sent after a reconnect: already shown.
                return null;
            }

            identity = _identity;
            if (_transmitted == send)
            {
                _transmitted = null;
            }

            _sendRetryBackoff.Reset();
            SignalIfAllAcknowledged();
            TransmitNext();
        }

        _pendingSlots.Release();
        send.Complete(new SendOutcome(ack, null));
        var profile = Welcome?.Profile;
        return new MessageAckedEvent(
            identity.UserId,
            identity.DisplayName ?? profile?.DisplayName ?? identity.UserId,
            identity.Avatar ?? profile?.Avatar ?? string.Empty,
            send.Text,
            ack);
    }

    private ServerErrorEvent? OnError(ServerFrame frame)
    {
        var error = frame.Error;
        InFlight? request;
        PendingSend? refused = null;
        TimeSpan? retryIn = null;
        lock (_gate)
        {
            _inFlight.Remove(frame.RequestId, out request);
            if (request is { Kind: RequestKind.Send, ClientMessageId: { } id } && _transmitted?.ClientMessageId == id)
            {
                _transmitted = null;
                if (IsTemporary(error))
                {
                    // Turned away for now: pause, then send it again before anything typed after it.
                    _sendsPaused = true;
                    retryIn = _sendRetryBackoff.NextDelay();
                }
                else if (_pending.TryRemove(id, out refused))
                {
                    SignalIfAllAcknowledged();
                    TransmitNext();
                }
            }
            else if (request is { Kind: RequestKind.Join, Answer: null })
            {
                // A resume the server refused: stop resuming that room.
                _rooms.Remove(request.RoomId);
            }
        }

        if (retryIn is { } delay)
        {
            _ = ResumeSendsAfterAsync(delay);
            return new ServerErrorEvent(error, $"message delayed, retrying in {delay.TotalSeconds:0.0} s");
        }

        if (refused is not null)
        {
            Interlocked.Increment(ref _refusedSends);
            _pendingSlots.Release();
            refused.Complete(new SendOutcome(null, error));
            return new ServerErrorEvent(error, "message not sent");
        }

        if (request?.Answer is { } answer)
        {
            // The command that asked reports it.
            answer.TrySetResult(frame);
            return null;
        }

        return new ServerErrorEvent(error, request?.Kind switch
        {
            RequestKind.Join => $"cannot rejoin #{request.RoomId}",
            RequestKind.Leave => $"cannot leave #{request.RoomId}",
            _ => null,
        });
    }

    /// <summary>Refusals that may go away by themselves: rate limit, overload, a busy or moving room.</summary>
    private static bool IsTemporary(Error error) => (StatusCode)error.Code is StatusCode.ResourceExhausted
        or StatusCode.Unavailable or StatusCode.Aborted or StatusCode.DeadlineExceeded;

    private async Task ResumeSendsAfterAsync(TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, _stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        lock (_gate)
        {
            _sendsPaused = false;
            TransmitNext();
        }
    }

    private bool IsOwnEcho(ChatEvent chatEvent)
        => chatEvent.SenderId == _identity.UserId && _ownMessageIds.Contains(chatEvent.ClientMessageId);

    private void SignalIfAllAcknowledged()
    {
        if (_pending.Count == 0 && _allAcknowledged is { } signal)
        {
            _allAcknowledged = null;
            signal.TrySetResult();
        }
    }
}

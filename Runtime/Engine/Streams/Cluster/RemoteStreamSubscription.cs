using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using OrleansChat.Runtime.Catalog;
using OrleansChat.Runtime.Placement;
using OrleansChat.Runtime.Scheduling;
using OrleansChat.Runtime.Streams.Protocol;

namespace OrleansChat.Runtime.Streams;

/// <summary>
/// A subscription to a stream owned by another silo: one server-streaming <c>Subscribe</c> call to the owner and one
/// loop that reads its events and calls the observer, one item at a time, in order (as turns of the grain when made
/// inside one). The loop tracks the next token, so whatever ends the call, the observer learns where to resume:
/// <see cref="StreamSubscriberOverflowException"/> or <see cref="StreamOwnerChangedException"/>. Unsubscribing cancels
/// the call (the owner drops its side) and tells the observer nothing.
/// </summary>
internal sealed class RemoteStreamSubscription<T> : StreamSubscriptionHandle<T>, IOutgoingSubscription, IAsyncDisposable
    where T : class, IMessage<T>, new()
{
    private const int Active = 0;
    private const int Unsubscribed = 1;
    private const int Ended = 2;

    /// <summary>How long to wait for the owner's status after its 'ended' event.</summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    private readonly ClusterStreamProvider _provider;
    private readonly IAsyncObserver<T> _observer;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _cancel = new();
    private AsyncServerStreamingCall<StreamEvent>? _call;
    private int _state;
    private long _next;

    public RemoteStreamSubscription(
        ClusterStreamProvider provider,
        StreamId streamId,
        Guid handleId,
        IAsyncObserver<T> observer,
        ActivationData? activation,
        SiloAddress owner,
        ILogger logger)
    {
        _provider = provider;
        StreamId = streamId;
        HandleId = handleId;
        Activation = activation;
        Owner = owner;
        _logger = logger;
        _observer = activation is null ? observer : new ActivationStreamObserver<T>(activation, observer, () => IsActive);
    }

    public override StreamId StreamId { get; }

    public override Guid HandleId { get; }

    public SiloAddress Owner { get; }

    /// <summary>The grain activation that subscribed, if any.</summary>
    public ActivationData? Activation { get; }

    public bool IsActive => Volatile.Read(ref _state) == Active;

    /// <summary>
    /// Opens the call and waits for the owner to accept it (the <c>started</c> event), then starts the read loop.
    /// Throws <see cref="RpcException"/> when the owner refused or could not be reached (the provider decides whether
    /// to try another owner), <see cref="TimeoutException"/> when it did not answer within <paramref name="timeout"/>.
    /// </summary>
    public async Task OpenAsync(StreamSequenceToken? from, TimeSpan timeout, CancellationToken cancellationToken)
    {
        _provider.AddOutgoing(this);
        try
        {
            var request = new StreamSubscribeRequest
            {
                Stream = ClusterStreamProvider.Address(_provider.Name, StreamId, StreamItemType<T>.Name),
                SubscriptionId = HandleId.ToString(),
            };
            if (from is not null)
            {
                request.FromToken = from.SequenceNumber;
            }

            _call = _provider.GetInvoker(Owner).AsyncServerStreamingCall(ClusterStreamMethods.Subscribe, host: null, new CallOptions(cancellationToken: _cancel.Token), request);
            using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            waiting.CancelAfter(timeout);
            bool answered;
            try
            {
                answered = await _call.ResponseStream.MoveNext(waiting.Token).ConfigureAwait(false);
            }
            catch (RpcException exception) when (exception.StatusCode == StatusCode.Cancelled && waiting.IsCancellationRequested)
            {
                cancellationToken.ThrowIfCancellationRequested();
                throw new TimeoutException("Stream " + StreamId + ": its owner " + Owner + " did not accept the subscription within ClusterStreamOptions.SubscribeTimeout (" + timeout + ").", exception);
            }

            if (!answered || _call.ResponseStream.Current.KindCase != StreamEvent.KindOneofCase.Started)
            {
                throw new RpcException(new Status(StatusCode.Internal, "Stream " + StreamId + ": owner " + Owner + " answered the subscription without 'started'."));
            }

            _next = _call.ResponseStream.Current.Started.NextToken;
            if (Activation is not null && !Activation.TryAddKeepAliveResource(this))
            {
                throw new InvalidOperationException("Grain " + Activation.GrainId + " is deactivating and cannot subscribe to stream " + StreamId + ".");
            }
        }
        catch
        {
            Volatile.Write(ref _state, Unsubscribed);
            _call?.Dispose();
            _provider.RemoveOutgoing(this);
            throw;
        }

        ClusterStreamsLog.RemoteSubscribed(_logger, StreamId, HandleId, Owner.ToString(), _next);
        using (ExecutionContext.SuppressFlow())
        {
            _ = Task.Run(RunAsync, CancellationToken.None);
        }
    }

    public override Task UnsubscribeAsync()
    {
        Close();
        return Task.CompletedTask;
    }

    public override Task<StreamSubscriptionHandle<T>> ResumeAsync(IAsyncObserver<T> observer, StreamSequenceToken? token = null)
    {
        Close();
        return _provider.SubscribeAsync(StreamId, observer, token, HandleId, RuntimeContext.Current, CancellationToken.None);
    }

    public void OwnerLeft() => _cancel.Cancel();

    public void Abandon() => Close();

    /// <summary>The grain deactivated: the subscription ends with it.</summary>
    public ValueTask DisposeAsync()
    {
        Close();
        return ValueTask.CompletedTask;
    }

    public override bool Equals(object? obj) => obj is StreamSubscriptionHandle<T> other && other.HandleId == HandleId;

    public override int GetHashCode() => HandleId.GetHashCode();

    private void Close()
    {
        if (Interlocked.CompareExchange(ref _state, Unsubscribed, Active) == Active)
        {
            _provider.RemoveOutgoing(this);
            Activation?.RemoveKeepAliveResource(this);
            _cancel.Cancel();
        }
    }

    private async Task RunAsync()
    {
        Exception? end = null;
        try
        {
            var events = _call!.ResponseStream;
            while (await events.MoveNext(_cancel.Token).ConfigureAwait(false))
            {
                var streamEvent = events.Current;
                if (streamEvent.KindCase == StreamEvent.KindOneofCase.Item)
                {
                    if (!IsActive)
                    {
                        break;
                    }

                    await DeliverAsync(streamEvent.Item).ConfigureAwait(false);
                }
                else if (streamEvent.KindCase == StreamEvent.KindOneofCase.Ended)
                {
                    end = EndedByOwner(streamEvent.Ended);
                    await DrainAsync(events).ConfigureAwait(false);
                    break;
                }
            }

            // A call that completes without 'ended' was cut short on the owner (it was killed while serving it).
            end ??= Lost(null);
        }
        catch (Exception exception) when (IsActive)
        {
            // The call broke (owner crashed, connection lost) or the owner left the membership view (OwnerLeft).
            end = Lost(exception);
        }
        catch (Exception exception) when (exception is RpcException or OperationCanceledException)
        {
            // Unsubscribed: cancelling the call is how the read ends; the observer is told nothing.
        }
        finally
        {
            _provider.RemoveOutgoing(this);
            Activation?.RemoveKeepAliveResource(this);
            _call!.Dispose();
        }

        if (end is not null && Interlocked.CompareExchange(ref _state, Ended, Active) == Active)
        {
            try
            {
                await _observer.OnErrorAsync(end).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                ClusterStreamsLog.ObserverFailed(_logger, StreamId, HandleId, exception);
            }
        }
    }

    /// <summary>
    /// Reads the rest of a call the owner ended (its status follows 'ended' at once), so the call completes instead of
    /// being reset while the owner may still be flushing its last event.
    /// </summary>
    private async Task DrainAsync(IAsyncStreamReader<StreamEvent> events)
    {
        using var drain = CancellationTokenSource.CreateLinkedTokenSource(_cancel.Token);
        drain.CancelAfter(DrainTimeout);
        try
        {
            while (await events.MoveNext(drain.Token).ConfigureAwait(false))
            {
            }
        }
        catch (RpcException exception)
        {
            // The subscription has ended already; how the call closes changes nothing for the observer.
            ClusterStreamsLog.DrainFailed(_logger, StreamId, HandleId, exception.StatusCode);
        }
    }

    private async Task DeliverAsync(StreamItemEvent item)
    {
        var value = new T();
        try
        {
            value.MergeFrom(item.Payload);
        }
        catch (InvalidProtocolBufferException exception)
        {
            ClusterStreamsLog.PayloadInvalid(_logger, StreamId, HandleId, item.Token, Owner.ToString(), StreamItemType<T>.Name, exception);
            _next = item.Token + 1;
            return;
        }

        try
        {
            await _observer.OnNextAsync(value, new StreamSequenceToken(item.Token)).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            ClusterStreamsLog.SubscriberFailed(_logger, StreamId, HandleId, item.Token, exception);
        }

        _next = item.Token + 1;
    }

    private Exception EndedByOwner(SubscriptionEnded ended)
    {
        ClusterStreamsLog.RemoteSubscriptionEnded(_logger, StreamId, HandleId, Owner.ToString(), ended.Reason.ToString(), _next);
        var next = new StreamSequenceToken(_next);
        return ended.Reason switch
        {
            SubscriptionEnded.Types.Reason.Overflow => new StreamSubscriberOverflowException(StreamId, HandleId, ended.QueueCapacity, next),
            SubscriptionEnded.Types.Reason.OwnerStopping => new StreamOwnerChangedException(StreamId, HandleId, next, StreamOwnerChangeReason.OwnerStopping, Owner.ToString()),
            SubscriptionEnded.Types.Reason.OwnershipMoved => new StreamOwnerChangedException(StreamId, HandleId, next, StreamOwnerChangeReason.OwnershipMoved, Owner.ToString()),
            _ => new StreamOwnerChangedException(StreamId, HandleId, next, StreamOwnerChangeReason.OwnerUnreachable, Owner.ToString()),
        };
    }

    private StreamOwnerChangedException Lost(Exception? exception)
    {
        if (exception is RpcException rpc)
        {
            _provider.ReportIfUnreachable(Owner, rpc);
        }

        ClusterStreamsLog.RemoteSubscriptionBroken(_logger, StreamId, HandleId, Owner.ToString(), _next, exception);
        return new StreamOwnerChangedException(StreamId, HandleId, new StreamSequenceToken(_next), StreamOwnerChangeReason.OwnerUnreachable, Owner.ToString());
    }
}

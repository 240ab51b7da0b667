using System.Collections.Concurrent;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using OrleansChat.Runtime.Catalog;
using OrleansChat.Runtime.Cluster;
using OrleansChat.Runtime.Membership;
using OrleansChat.Runtime.Placement;
using OrleansChat.Runtime.Streams.Protocol;

namespace OrleansChat.Runtime.Streams;

/// <summary>
/// Streams across a cluster. Each stream has one owner silo at a time (<see cref="IStreamOwnership"/>), which keeps
/// its sequence, rewind cache and subscriptions in a local <see cref="StreamQueue{T}"/> with the semantics of the
/// in-memory provider. On the owner, publishing and subscribing are local; elsewhere (other silos, cluster clients)
/// a publication is one unary call to the owner and a subscription one server-streaming call, served by
/// <see cref="ClusterStreamEndpoint"/>. When membership moves a stream away, or its owner stops or is lost, the
/// subscriptions end with <see cref="StreamOwnerChangedException"/> carrying the token to resume from.
/// <para>
/// A cluster client's provider (no <see cref="ILocalSiloDetails"/>) owns nothing: every call is remote.
/// </para>
/// </summary>
/// <remarks>
/// Ownership and local state are kept consistent by an epoch: a local operation reads the epoch, resolves the owner
/// and only touches the owned stream under a read lock if the epoch is unchanged; a membership change bumps the
/// epoch under the write lock before it re-evaluates ownership and releases streams, so no operation decided under
/// an old view can recreate a stream this silo has just released.
/// </remarks>
internal sealed partial class ClusterStreamProvider : IStreamProvider, IDisposable
{
    /// <summary>Local operations retried at most this often when membership keeps changing under them.</summary>
    private const int MaxEpochRetries = 8;

    private readonly MemoryStreamOptions? _memoryOptions;
    private readonly ClusterStreamOptions _options;
    private readonly IStreamOwnership _ownership;
    private readonly ILocalSiloDetails? _localSilo;
    private readonly IClusterMembershipView? _view;
    private readonly Lazy<ISiloChannelPool> _channels;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<StreamId, OwnedStream> _owned = new();
    private readonly ReaderWriterLockSlim _ownershipGate = new(LockRecursionPolicy.NoRecursion);
    private readonly ConcurrentDictionary<IOutgoingSubscription, byte> _outgoing = new();
    private long _epoch;
    private volatile bool _stopping;
    private int _outgoingCount;
    private int _pendingPublishes;
    private int _remoteSubscriptions;
    private long _publishesServed;

    /// <param name="name">The provider's name, the same on every silo and client.</param>
    /// <param name="memoryOptions">The owned streams' options; null on a cluster client.</param>
    /// <param name="options">The cluster options.</param>
    /// <param name="ownership">Finds each stream's owner.</param>
    /// <param name="localSilo">This silo; null on a cluster client, which owns nothing.</param>
    /// <param name="view">The membership view (refreshed and told about unreachable owners); null in a single silo.</param>
    /// <param name="channels">The connections to other silos, resolved on first remote call.</param>
    /// <param name="logger">The logger.</param>
    public ClusterStreamProvider(
        string name,
        MemoryStreamOptions? memoryOptions,
        ClusterStreamOptions options,
        IStreamOwnership ownership,
        ILocalSiloDetails? localSilo,
        IClusterMembershipView? view,
        Func<ISiloChannelPool> channels,
        ILogger logger)
    {
        if (localSilo is not null && memoryOptions is null)
        {
            throw new ArgumentNullException(nameof(memoryOptions), "A silo's cluster stream provider needs MemoryStreamOptions for the streams it owns.");
        }

        Name = name;
        _memoryOptions = memoryOptions;
        _options = options;
        _ownership = ownership;
        _localSilo = localSilo;
        _view = view;
        _channels = new Lazy<ISiloChannelPool>(channels);
        _logger = logger;
    }

    public string Name { get; }

    /// <summary>Whether this is a cluster client's provider (it owns no stream).</summary>
    public bool IsClient => _localSilo is null;

    /// <summary>How many publications from other processes this silo has served (local ones are not counted).</summary>
    public long RemotePublishesServed => Interlocked.Read(ref _publishesServed);

    /// <summary>How many subscriptions this silo serves to other processes now.</summary>
    public int RemoteSubscriptionsServed => Volatile.Read(ref _remoteSubscriptions);

    /// <summary>How many subscriptions this process holds on other silos now.</summary>
    public int OutgoingSubscriptions => Volatile.Read(ref _outgoingCount);

    /// <summary>The streams this silo owns now (and has state for).</summary>
    public IReadOnlyCollection<StreamId> OwnedStreams => [.. _owned.Keys];

    public IAsyncStream<T> GetStream<T>(StreamId streamId)
        where T : class, IMessage<T>, new()
    {
        ArgumentException.ThrowIfNullOrEmpty(streamId.Namespace, nameof(streamId));
        ArgumentNullException.ThrowIfNull(streamId.Key, nameof(streamId));
        return new ClusterAsyncStream<T>(this, streamId);
    }

    /// <summary>Publishes on the owner: locally when this silo owns the stream, otherwise with a call to the owner.</summary>
    public async Task<StreamSequenceToken> PublishAsync<T>(StreamId streamId, T item, StreamSequenceToken? token, CancellationToken cancellationToken)
        where T : class, IMessage<T>, new()
    {
        ArgumentNullException.ThrowIfNull(item);
        cancellationToken.ThrowIfCancellationRequested();
        var payload = new StreamItemPayload { Data = item.ToByteString() };
        var itemType = StreamItemType<T>.Name;
        for (var attempt = 0; ; attempt++)
        {
            var (isLocal, owner, published) = await TryRunLocallyAsync(streamId, itemType, queue => queue.Publish(payload, token), cancellationToken).ConfigureAwait(false);
            if (isLocal)
            {
                return published;
            }

            try
            {
                return await PublishRemoteAsync(owner, streamId, itemType, payload, token, cancellationToken).ConfigureAwait(false);
            }
            catch (RpcException exception) when (ClusterStreamErrors.Classify(exception) == ClusterStreamErrors.Disposition.Redirect && attempt < _options.MaxOwnerRetries)
            {
                // Refused before it was processed (not the owner, or stopping): safe to send again.
                ClusterStreamsLog.OwnerRedirect(_logger, streamId, owner.ToString(), exception.StatusCode, attempt + 1);
                await RefreshViewAsync(streamId, cancellationToken).ConfigureAwait(false);
            }
            catch (RpcException exception)
            {
                // Unreachable is not retried: the owner may have published the item before the connection broke.
                ReportIfUnreachable(owner, exception);
                throw ClusterStreamErrors.FromRpcException(exception, streamId, owner, null, cancellationToken);
            }
        }
    }

    /// <summary>Subscribes on the owner: locally when this silo owns the stream, otherwise with a call to the owner.</summary>
    public async Task<StreamSubscriptionHandle<T>> SubscribeAsync<T>(
        StreamId streamId,
        IAsyncObserver<T> observer,
        StreamSequenceToken? from,
        Guid handleId,
        ActivationData? activation,
        CancellationToken cancellationToken)
        where T : class, IMessage<T>, new()
    {
        ArgumentNullException.ThrowIfNull(observer);
        cancellationToken.ThrowIfCancellationRequested();
        var itemType = StreamItemType<T>.Name;
        for (var attempt = 0; ; attempt++)
        {
            var (isLocal, owner, local) = await TryRunLocallyAsync(
                streamId,
                itemType,
                queue => (Queue: queue, Subscription: queue.Subscribe(new PayloadObserver<T>(observer), from, handleId, activation)),
                cancellationToken).ConfigureAwait(false);
            if (isLocal)
            {
                return new LocalClusterSubscriptionHandle<T>(this, local.Queue, local.Subscription);
            }

            var remote = new RemoteStreamSubscription<T>(this, streamId, handleId, observer, activation, owner, _logger);
            try
            {
                await remote.OpenAsync(from, _options.SubscribeTimeout, cancellationToken).ConfigureAwait(false);
                return remote;
            }
            catch (RpcException exception) when (ClusterStreamErrors.Classify(exception) != ClusterStreamErrors.Disposition.Fail && attempt < _options.MaxOwnerRetries)
            {
                // Nothing was delivered yet, so a subscription is always safe to send again.
                ReportIfUnreachable(owner, exception);
                ClusterStreamsLog.OwnerRedirect(_logger, streamId, owner.ToString(), exception.StatusCode, attempt + 1);
                await RefreshViewAsync(streamId, cancellationToken).ConfigureAwait(false);
            }
            catch (RpcException exception)
            {
                ReportIfUnreachable(owner, exception);
                throw ClusterStreamErrors.FromRpcException(exception, streamId, owner, from, cancellationToken);
            }
        }
    }

    /// <summary>
    /// The live subscriptions this process holds for a stream: inside a grain those the grain made, outside grains all
    /// of them (on the owner that includes the ones it serves to other processes).
    /// </summary>
    public IList<StreamSubscriptionHandle<T>> GetSubscriptionHandles<T>(StreamId streamId, ActivationData? activation)
        where T : class, IMessage<T>, new()
    {
        var handles = new List<StreamSubscriptionHandle<T>>();
        if (_owned.TryGetValue(streamId, out var owned))
        {
            CheckItemType(streamId, owned, StreamItemType<T>.Name);
            handles.AddRange(owned.Queue.GetSubscriptions(activation).Select(s => new LocalClusterSubscriptionHandle<T>(this, owned.Queue, s)));
        }

        handles.AddRange(_outgoing.Keys
            .OfType<RemoteStreamSubscription<T>>()
            .Where(s => s.StreamId == streamId && s.IsActive && (activation is null || s.Activation == activation)));
        return handles;
    }

    public void Dispose()
    {
        _stopping = true;
        foreach (var id in _owned.Keys)
        {
            if (_owned.TryRemove(id, out var owned))
            {
                owned.Queue.StopAll();
            }
        }

        CancelOutgoingSubscriptions();
    }

    /// <summary>Cancels every subscription this process holds on other silos, without telling their observers.</summary>
    internal void CancelOutgoingSubscriptions()
    {
        foreach (var subscription in _outgoing.Keys)
        {
            subscription.Abandon();
        }
    }

    /// <summary>Counts a new outgoing subscription against <see cref="ClusterStreamOptions.MaxOutgoingSubscriptions"/>.</summary>
    internal void AddOutgoing(IOutgoingSubscription subscription)
    {
        if (Interlocked.Increment(ref _outgoingCount) > _options.MaxOutgoingSubscriptions)
        {
            Interlocked.Decrement(ref _outgoingCount);
            throw new InvalidOperationException(
                "Stream provider '" + Name + "' already holds ClusterStreamOptions.MaxOutgoingSubscriptions (" + _options.MaxOutgoingSubscriptions
                + ") subscriptions on other silos; stream " + subscription.StreamId + " cannot be subscribed.");
        }

        _outgoing[subscription] = 0;
    }

    internal void RemoveOutgoing(IOutgoingSubscription subscription)
    {
        if (_outgoing.TryRemove(subscription, out _))
        {
            Interlocked.Decrement(ref _outgoingCount);
        }
    }

    internal CallInvoker GetInvoker(SiloAddress owner) => _channels.Value.GetInvoker(owner);

    internal void ReportIfUnreachable(SiloAddress owner, RpcException exception)
    {
        if (ClusterStreamErrors.Classify(exception) == ClusterStreamErrors.Disposition.Unreachable)
        {
            _view?.ReportUnreachable(owner);
        }
    }

    internal static StreamAddress Address(string provider, StreamId streamId, string itemType) => new()
    {
        Provider = provider,
        Namespace = streamId.Namespace,
        Key = streamId.Key,
        ItemType = itemType,
    };

    /// <summary>
    /// Resolves the owner of <paramref name="streamId"/>; when it is this silo, runs <paramref name="operation"/> on the
    /// stream's queue (creating it) and returns its result, otherwise returns the owner to call.
    /// </summary>
    private async ValueTask<(bool IsLocal, SiloAddress Owner, TResult Result)> TryRunLocallyAsync<TResult>(
        StreamId streamId,
        string itemType,
        Func<StreamQueue<StreamItemPayload>, TResult> operation,
        CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var epoch = Interlocked.Read(ref _epoch);
            var owner = await _ownership.GetOwnerAsync(Name, streamId, cancellationToken).ConfigureAwait(false);
            if (_localSilo is null || owner != _localSilo.SiloAddress)
            {
                return (false, owner, default!);
            }

            _ownershipGate.EnterReadLock();
            try
            {
                if (_stopping)
                {
                    throw new SiloUnavailableException("Silo " + owner + " is shutting down; stream " + streamId + " is not served here any more.");
                }

                if (Interlocked.Read(ref _epoch) == epoch)
                {
                    return (true, owner, operation(GetOrAddOwned(streamId, itemType)));
                }
            }
            finally
            {
                _ownershipGate.ExitReadLock();
            }

            if (attempt >= MaxEpochRetries)
            {
                throw new SiloUnavailableException("Stream " + streamId + ": membership kept changing while its owner was being found; retry.");
            }
        }
    }

    /// <summary>The owned stream's queue, created on first use; called under the read lock.</summary>
    private StreamQueue<StreamItemPayload> GetOrAddOwned(StreamId streamId, string itemType)
    {
        if (!_owned.TryGetValue(streamId, out var owned))
        {
            if (_owned.Count >= _memoryOptions!.MaxStreams)
            {
                throw new InvalidOperationException(
                    "Stream provider '" + Name + "' already owns MemoryStreamOptions.MaxStreams (" + _memoryOptions.MaxStreams + ") streams.");
            }

            owned = _owned.GetOrAdd(streamId, id => new OwnedStream(new StreamQueue<StreamItemPayload>(id, _memoryOptions, _logger), itemType));
        }

        CheckItemType(streamId, owned, itemType);
        return owned.Queue;
    }

    private void CheckItemType(StreamId streamId, OwnedStream owned, string itemType)
    {
        if (owned.ItemType != itemType)
        {
            throw new StreamItemTypeMismatchException(
                "Stream " + streamId + " of provider '" + Name + "' carries " + owned.ItemType + " items, not " + itemType + ".");
        }
    }

    private async Task<StreamSequenceToken> PublishRemoteAsync(
        SiloAddress owner,
        StreamId streamId,
        string itemType,
        StreamItemPayload payload,
        StreamSequenceToken? token,
        CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _pendingPublishes) > _options.MaxPendingPublishes)
        {
            Interlocked.Decrement(ref _pendingPublishes);
            throw new InvalidOperationException(
                "Stream provider '" + Name + "' already has ClusterStreamOptions.MaxPendingPublishes (" + _options.MaxPendingPublishes
                + ") publications in flight to other silos; stream " + streamId + " was not published to.");
        }

        try
        {
            var request = new StreamPublishRequest { Stream = Address(Name, streamId, itemType), Payload = payload.Data };
            if (token is not null)
            {
                request.Token = token.SequenceNumber;
            }

            var options = new CallOptions(deadline: DateTime.UtcNow + _options.PublishTimeout, cancellationToken: cancellationToken);
            using var call = GetInvoker(owner).AsyncUnaryCall(ClusterStreamMethods.Publish, host: null, options, request);
            var reply = await call.ResponseAsync.ConfigureAwait(false);
            return new StreamSequenceToken(reply.Token);
        }
        finally
        {
            Interlocked.Decrement(ref _pendingPublishes);
        }
    }

    private async Task RefreshViewAsync(StreamId streamId, CancellationToken cancellationToken)
    {
        if (_view is null)
        {
            return;
        }

        try
        {
            await _view.RefreshAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            ClusterStreamsLog.ViewRefreshFailed(_logger, streamId, exception);
        }
    }
}

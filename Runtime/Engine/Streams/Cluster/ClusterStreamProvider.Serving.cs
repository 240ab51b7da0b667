using Grpc.Core;
using OrleansChat.Runtime.Streams.Protocol;

namespace OrleansChat.Runtime.Streams;

/// <summary>The owner's side: publications and subscriptions from other silos and cluster clients.</summary>
internal sealed partial class ClusterStreamProvider
{
    /// <summary>Publishes an item sent by another process on a stream this silo owns.</summary>
    public async Task<StreamPublishReply> ServePublishAsync(StreamPublishRequest request, ServerCallContext context)
    {
        var streamId = ReadStreamId(request.Stream);
        var token = request.HasToken ? new StreamSequenceToken(request.Token) : null;
        var payload = new StreamItemPayload { Data = request.Payload };
        try
        {
            var (isLocal, owner, published) = await TryRunLocallyAsync(streamId, request.Stream.ItemType, queue => queue.Publish(payload, token), context.CancellationToken)
                .ConfigureAwait(false);
            if (!isLocal)
            {
                throw ClusterStreamErrors.NotOwner(streamId, owner);
            }

            Interlocked.Increment(ref _publishesServed);
            return new StreamPublishReply { Token = published.SequenceNumber };
        }
        catch (Exception exception) when (exception is not RpcException and not OperationCanceledException)
        {
            throw ToRpcException(streamId, exception);
        }
    }

    /// <summary>
    /// Serves a subscription of another process to a stream this silo owns: subscribes locally (rewinding from the
    /// cache as a local subscription would), answers <c>started</c>, then writes each item through the subscription's
    /// one delivery loop until the subscriber cancels the call or the subscription ends (overflow, ownership moved,
    /// shutdown), which is announced by an <c>ended</c> event.
    /// </summary>
    public async Task ServeSubscribeAsync(StreamSubscribeRequest request, IServerStreamWriter<StreamEvent> writer, ServerCallContext context)
    {
        var streamId = ReadStreamId(request.Stream);
        var from = request.HasFromToken ? new StreamSequenceToken(request.FromToken) : null;
        var handleId = Guid.TryParse(request.SubscriptionId, out var parsed) ? parsed : Guid.NewGuid();
        if (Interlocked.Increment(ref _remoteSubscriptions) > _options.MaxRemoteSubscriptions)
        {
            Interlocked.Decrement(ref _remoteSubscriptions);
            throw ToRpcException(streamId, new InvalidOperationException(
                "Silo serves ClusterStreamOptions.MaxRemoteSubscriptions (" + _options.MaxRemoteSubscriptions + ") subscriptions of stream provider '" + Name + "' already."));
        }

        try
        {
            var sink = new RemoteSubscriberSink(writer, streamId, handleId, context.CancellationToken, _logger);
            var (isLocal, owner, local) = await TryRunLocallyAsync(
                streamId,
                request.Stream.ItemType,
                queue => (Queue: queue, Subscription: queue.Subscribe(sink, from, handleId, null)),
                context.CancellationToken).ConfigureAwait(false);
            if (!isLocal)
            {
                throw ClusterStreamErrors.NotOwner(streamId, owner);
            }

            var (queue, subscription) = local;
            using var registration = context.CancellationToken.Register(() => queue.Unsubscribe(subscription));
            try
            {
                await writer.WriteAsync(new StreamEvent { Started = new SubscriptionStarted { NextToken = subscription.FirstSequence } }, context.CancellationToken)
                    .ConfigureAwait(false);
            }
            catch
            {
                queue.Unsubscribe(subscription);
                throw;
            }
            finally
            {
                sink.Start();
            }

            ClusterStreamsLog.ServingSubscription(_logger, streamId, handleId, context.Peer, subscription.FirstSequence);

            // Ends when the subscriber cancels (the registration unsubscribes), or after the sink wrote 'ended'.
            await subscription.Ended.ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not RpcException and not OperationCanceledException)
        {
            throw ToRpcException(streamId, exception);
        }
        finally
        {
            Interlocked.Decrement(ref _remoteSubscriptions);
        }
    }

    private static StreamId ReadStreamId(StreamAddress? address)
    {
        if (address is null || string.IsNullOrEmpty(address.Namespace) || string.IsNullOrEmpty(address.ItemType))
        {
            throw ClusterStreamErrors.InvalidRequest("The request names no stream (namespace and item type are required).");
        }

        return new StreamId(address.Namespace, address.Key);
    }

    private RpcException ToRpcException(StreamId streamId, Exception exception)
    {
        var rpc = exception is SiloUnavailableException ? ClusterStreamErrors.Stopping(streamId) : ClusterStreamErrors.ToRpcException(exception);
        if (rpc.StatusCode == StatusCode.Unknown)
        {
            // Not one of the stream's own refusals: a bug. The caller gets a generic status, the details stay here.
            ClusterStreamsLog.ServeFailed(_logger, streamId, exception);
        }

        return rpc;
    }
}

using System.Threading.Channels;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using OrleansChat.Runtime.Cluster.Protocol;
using OrleansChat.Runtime.Membership;
using OrleansChat.Runtime.Messaging;
using OrleansChat.Runtime.Placement;

namespace OrleansChat.Runtime.Cluster;

/// <summary>
/// The silo side of <c>orleanschat.cluster.v1.SiloMessaging</c>. Each <c>Connect</c> call is one caller: requests are
/// read in order and each is enqueued into its grain's mailbox before the next is read (so a caller's calls keep their
/// order), unless this silo's view says another silo owns the grain and the request has been forwarded fewer than
/// <see cref="MaxForwards"/> times, in which case it goes on to that owner. Responses go into a bounded channel that
/// one loop writes out, in completion order. A call this silo does not run (it is stopping, the grain is moving away)
/// is answered with a rejection so the caller can place it again.
/// </summary>
internal sealed class SiloMessagingService(
    ClusterSiloDetails self,
    GrainMethodTable methods,
    HashPlacementDirector placement,
    IClusterMembershipView view,
    LocalGrainInvoker local,
    RemoteGrainInvoker remote,
    GrainReferenceFactory references,
    TimeSpan responseTimeout,
    ILogger logger) : IClusterEndpointService
{
    /// <summary>A request is forwarded at most this many times, then runs where it is.</summary>
    public const int MaxForwards = 2;

    private const int ResponseQueueCapacity = 1024;

    private readonly CancellationTokenSource _stopping = new();

    public ServerServiceDefinition BuildDefinition() =>
        ServerServiceDefinition.CreateBuilder()
            .AddMethod(SiloMessagingMethods.Connect, ConnectAsync)
            .AddMethod(SiloMessagingMethods.GetManifest, GetManifestAsync)
            .Build();

    /// <summary>Ends every connection: no more requests are read, responses already due are still written.</summary>
    public void Stop() => _stopping.Cancel();

    private Task<Manifest> GetManifestAsync(ManifestRequest request, ServerCallContext context) => Task.FromResult(methods.Manifest);

    private async Task ConnectAsync(IAsyncStreamReader<Envelope> requests, IServerStreamWriter<Envelope> responses, ServerCallContext context)
    {
        var caller = context.RequestHeaders.GetValue(SiloMessagingMethods.CallerHeader) ?? context.Peer;
        var target = context.RequestHeaders.GetValue(SiloMessagingMethods.TargetSiloHeader) ?? string.Empty;
        var address = self.AddressOrNull;
        if (address is null || _stopping.IsCancellationRequested)
        {
            ClusterLog.InboundRejected(logger, caller, target, "this silo is not serving");
            throw new RpcException(new Status(StatusCode.Unavailable, "Silo '" + self.Name + "' is not serving cluster calls."));
        }

        if (target != address.ToString())
        {
            ClusterLog.InboundRejected(logger, caller, target, "this is silo " + address);
            throw new RpcException(new Status(StatusCode.FailedPrecondition, "This is silo " + address + ", not " + target + "."));
        }

        await context.WriteResponseHeadersAsync(new Metadata()).ConfigureAwait(false);
        ClusterLog.InboundConnection(logger, caller);
        using var aborted = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, _stopping.Token);
        var outgoing = Channel.CreateBounded<Envelope>(new BoundedChannelOptions(ResponseQueueCapacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
        var writing = WriteResponsesAsync(outgoing, responses, context.CancellationToken);
        var inFlight = new InFlightCounter();
        try
        {
            while (await requests.MoveNext(aborted.Token).ConfigureAwait(false))
            {
                if (requests.Current.Request is { } request)
                {
                    // Not awaited: the request is enqueued (or forwarded) before the next one is read.
                    _ = HandleAsync(request, outgoing.Writer, inFlight, context.CancellationToken);
                }
            }

            // The caller half-closed: answer what it is still waiting for, then end.
            await inFlight.WhenZeroAsync().WaitAsync(responseTimeout, context.CancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        catch (Exception exception) when (exception is IOException || (exception is OperationCanceledException or RpcException && aborted.IsCancellationRequested))
        {
            // The caller went away (closing its connection resets the stream, which the read reports as an IOException
            // before Kestrel cancels the call's token), or this silo stops.
        }
        catch (Exception exception) when (exception is RpcException or IOException or InvalidOperationException)
        {
            ClusterLog.InboundFailed(logger, caller, exception);
        }
        finally
        {
            outgoing.Writer.TryComplete();
            await writing.ConfigureAwait(false);
            ClusterLog.InboundEnded(logger, caller);
        }
    }

    private async Task WriteResponsesAsync(Channel<Envelope> outgoing, IServerStreamWriter<Envelope> responses, CancellationToken cancellationToken)
    {
        var reader = outgoing.Reader;
        try
        {
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (reader.TryRead(out var envelope))
                {
                    await responses.WriteAsync(envelope, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or RpcException or InvalidOperationException or IOException)
        {
            // The connection is gone; the caller fails what it waited for.
        }
        finally
        {
            // Responses still being produced stop at once instead of waiting for room.
            outgoing.Writer.TryComplete();
        }
    }

    private async Task HandleAsync(GrainRequest request, ChannelWriter<Envelope> responses, InFlightCounter inFlight, CancellationToken cancellationToken)
    {
        inFlight.Increment();
        try
        {
            var response = await ProcessAsync(request).ConfigureAwait(false);
            response.CallId = request.CallId;
            await responses.WriteAsync(new Envelope { Response = response }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is ChannelClosedException or OperationCanceledException)
        {
            // The connection ended; nobody waits for this response any more.
        }
        finally
        {
            inFlight.Decrement();
        }
    }

    /// <summary>Runs or forwards one request; never throws. Runs synchronously up to the grain's mailbox.</summary>
    private async Task<GrainResponse> ProcessAsync(GrainRequest request)
    {
        var grainId = new GrainId(request.GrainType, request.GrainKey);
        MethodWireInfo method;
        object?[] arguments;
        try
        {
            method = methods.Resolve(request);
            arguments = method.DecodeArguments(request, references);
        }
        catch (Exception exception)
        {
            return Error(exception);
        }

        var owner = placement.TryPlaceKey(grainId.ToString(), view.Current);
        var address = self.AddressOrNull;
        if (owner is not null && owner != address && request.ForwardCount < MaxForwards)
        {
            return await ForwardAsync(owner, grainId, request).ConfigureAwait(false);
        }

        try
        {
            var result = await local.InvokeOrRejectAsync(grainId, method.Method, arguments, CancellationToken.None).ConfigureAwait(false);
            return new GrainResponse { Result = method.EncodeResult(result) };
        }
        catch (CallRejectedException rejected)
        {
            return new GrainResponse { Rejected = new Rejection { Reason = "silo " + address + " did not run it: " + rejected.Message } };
        }
        catch (Exception exception)
        {
            return Error(exception);
        }
    }

    private async Task<GrainResponse> ForwardAsync(SiloAddress owner, GrainId grainId, GrainRequest request)
    {
        var forwarded = request.Clone();
        forwarded.ForwardCount++;
        ClusterLog.Forwarding(logger, grainId, owner.ToString(), forwarded.ForwardCount);
        try
        {
            return await remote.ForwardAsync(owner, forwarded, responseTimeout).ConfigureAwait(false);
        }
        catch (CallRejectedException rejected)
        {
            if (rejected.Unreachable)
            {
                view.ReportUnreachable(owner);
            }

            return new GrainResponse { Rejected = new Rejection { Reason = "forwarding to silo " + owner + " failed: " + rejected.Message } };
        }
        catch (Exception exception)
        {
            return Error(exception);
        }
    }

    private static GrainResponse Error(Exception exception)
    {
        var info = GrainExceptionInfo.Capture(exception);
        return new GrainResponse { Error = new GrainError { TypeName = info.TypeName, Message = info.Message, KnownType = info.IsWellKnown } };
    }
}

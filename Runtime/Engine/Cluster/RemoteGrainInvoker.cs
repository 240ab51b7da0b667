using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using OrleansChat.Runtime.Cluster.Protocol;
using OrleansChat.Runtime.Messaging;
using OrleansChat.Runtime.Placement;

namespace OrleansChat.Runtime.Cluster;

/// <summary>
/// Sends grain calls to other silos over one <see cref="SiloConnection"/> per silo (on the pooled HTTP/2 channel)
/// and turns their responses back into results or exceptions. Failures it reports: <see cref="CallRejectedException"/>
/// when the call certainly did not run (not sent, or refused by the silo), <see cref="SiloUnavailableException"/> when
/// the connection ended after the call was sent, <see cref="TimeoutException"/> after the response timeout, and the
/// grain's own exception (see <see cref="GrainExceptionInfo"/>).
/// </summary>
internal sealed class RemoteGrainInvoker(
    ISiloChannelPool channels,
    Func<string> callerName,
    int sendQueueCapacity,
    GrainReferenceFactory references,
    ILogger logger)
{
    private readonly ConcurrentDictionary<SiloAddress, SiloConnection> _connections = new();
    private volatile bool _stopped;

    /// <summary>Sends the call to <paramref name="silo"/> and decodes its response.</summary>
    /// <exception cref="ArgumentException">An argument cannot cross silos (an observer reference); thrown before anything is sent.</exception>
    public Task<object?> InvokeAsync(SiloAddress silo, GrainId grainId, MethodWireInfo method, object?[] arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var request = new GrainRequest
        {
            GrainType = grainId.Type,
            GrainKey = grainId.Key,
            InterfaceName = method.InterfaceName,
            Method = method.MethodKey,
        };
        method.EncodeArguments(arguments, request, grainId);
        var connection = GetConnection(silo);
        var pending = connection.Send(request);
        return CompleteAsync(connection, pending, grainId, method, timeout, cancellationToken);
    }

    /// <summary>Passes a request on to <paramref name="silo"/> as it is (a silo forwarding to the grain's owner) and returns the raw response.</summary>
    public async Task<GrainResponse> ForwardAsync(SiloAddress silo, GrainRequest request, TimeSpan timeout)
    {
        var connection = GetConnection(silo);
        var pending = connection.Send(request);
        try
        {
            return await pending.Response.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException) when (!pending.Response.IsCompleted)
        {
            connection.Forget(pending);
            throw new TimeoutException(
                "Forwarded call " + request.InterfaceName + "." + request.Method + " to grain " + request.GrainType + "/" + request.GrainKey
                + " got no response from silo " + silo + " within " + timeout + " (MessagingOptions.ResponseTimeout).");
        }
    }

    /// <summary>
    /// Fails every call waiting on <paramref name="silo"/> (the membership view says it is dead) and drops its
    /// connection and pooled channel. True when there was a connection.
    /// </summary>
    public bool SiloDead(SiloAddress silo)
    {
        var had = _connections.TryGetValue(silo, out var connection);
        connection?.Close("the silo is dead in the membership view", unreachable: false, cause: null);
        channels.Remove(silo);
        return had;
    }

    /// <summary>The silos this node has a connection to (tests, diagnostics).</summary>
    public IReadOnlyCollection<SiloAddress> ConnectedSilos => [.. _connections.Keys];

    /// <summary>Graceful stop: lets calls in flight finish (bounded), then ends every connection.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        _stopped = true;
        await Task.WhenAll(_connections.Values.Select(c => c.CloseGracefullyAsync(timeout))).ConfigureAwait(false);
    }

    /// <summary>Crash: resets every connection at once.</summary>
    public void Abort()
    {
        _stopped = true;
        foreach (var connection in _connections.Values)
        {
            connection.Close("this node stopped abruptly", unreachable: false, cause: null);
        }
    }

    private SiloConnection GetConnection(SiloAddress silo)
    {
        while (true)
        {
            if (_connections.TryGetValue(silo, out var existing) && !existing.IsClosed)
            {
                return existing;
            }

            if (_stopped)
            {
                throw new CallRejectedException(silo, unreachable: false, "This node is stopping; no new connection to silo " + silo + " is made.");
            }

            var created = new SiloConnection(silo, channels.GetInvoker(silo), callerName(), sendQueueCapacity, OnClosed, logger);
            var won = existing is null ? _connections.TryAdd(silo, created) : _connections.TryUpdate(silo, created, existing);
            if (won)
            {
                created.Start();
                return created;
            }
        }
    }

    private void OnClosed(SiloConnection connection) =>
        _connections.TryRemove(new KeyValuePair<SiloAddress, SiloConnection>(connection.Silo, connection));

    private async Task<object?> CompleteAsync(SiloConnection connection, PendingCall pending, GrainId grainId, MethodWireInfo method, TimeSpan timeout, CancellationToken cancellationToken)
    {
        GrainResponse response;
        try
        {
            response = await pending.Response.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException) when (!pending.Response.IsCompleted)
        {
            connection.Forget(pending);
            throw new TimeoutException(
                "Call " + method.Method.DisplayName + " to grain " + grainId + " on silo " + connection.Silo + " got no response within " + timeout
                + " (MessagingOptions.ResponseTimeout); a call cycle between non-reentrant grains ends this way.");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && !pending.Response.IsCompleted)
        {
            connection.Forget(pending);
            throw;
        }

        return response.OutcomeCase switch
        {
            GrainResponse.OutcomeOneofCase.Error => throw new GrainExceptionInfo(response.Error.TypeName, response.Error.Message).ToException(),
            GrainResponse.OutcomeOneofCase.Rejected => throw new CallRejectedException(connection.Silo, unreachable: false, response.Rejected.Reason),
            _ => method.DecodeResult(response.Result, references),
        };
    }
}

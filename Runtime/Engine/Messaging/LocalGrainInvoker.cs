using Microsoft.Extensions.Options;
using OrleansChat.Runtime.Catalog;
using OrleansChat.Runtime.Configuration;
using OrleansChat.Runtime.Scheduling;

namespace OrleansChat.Runtime.Messaging;

/// <summary>Delivers calls to activations on this silo through their mailboxes.</summary>
internal sealed class LocalGrainInvoker(GrainCatalog catalog, IOptions<MessagingOptions> options) : IGrainCallInvoker
{
    private readonly TimeSpan _responseTimeout = options.Value.ResponseTimeout;

    public async Task<object?> InvokeAsync(GrainId grainId, GrainMethodDescriptor method, object?[] arguments, CancellationToken cancellationToken)
    {
        var call = new InvocationWorkItem(method, arguments, cancellationToken);
        catalog.Enqueue(grainId, call);
        return await WaitAsync(call.Completion, grainId, method, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The same for a silo in a cluster: a call the silo did not run because it is stopping or the grain is moving
    /// away fails with <see cref="CallRejectedException"/> so it can be placed again. Enqueues before returning.
    /// </summary>
    public Task<object?> InvokeOrRejectAsync(GrainId grainId, GrainMethodDescriptor method, object?[] arguments, CancellationToken cancellationToken)
    {
        var call = new InvocationWorkItem(method, arguments, cancellationToken, rejectWhenUnavailable: true);
        try
        {
            catalog.Enqueue(grainId, call);
        }
        catch (SiloUnavailableException exception)
        {
            return Task.FromException<object?>(new CallRejectedException(exception.Message, exception));
        }

        return WaitAsync(call.Completion, grainId, method, cancellationToken);
    }

    private async Task<object?> WaitAsync(Task<object?> completion, GrainId grainId, GrainMethodDescriptor method, CancellationToken cancellationToken)
    {
        try
        {
            return await completion.WaitAsync(_responseTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException) when (!completion.IsCompleted)
        {
            throw new TimeoutException(
                "Call " + method.DisplayName + " to grain " + grainId + " got no response within " + _responseTimeout
                + " (MessagingOptions.ResponseTimeout); a call cycle between non-reentrant grains ends this way.");
        }
    }
}

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
        try
        {
            return await call.Completion.WaitAsync(_responseTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException) when (!call.Completion.IsCompleted)
        {
            throw new TimeoutException(
                "Call " + method.DisplayName + " to grain " + grainId + " got no response within " + _responseTimeout
                + " (MessagingOptions.ResponseTimeout); a call cycle between non-reentrant grains ends this way.");
        }
    }
}

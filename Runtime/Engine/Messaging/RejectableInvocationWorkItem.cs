using OrleansChat.Runtime.Catalog;
using OrleansChat.Runtime.Scheduling;

namespace OrleansChat.Runtime.Messaging;

/// <summary>
/// A grain call in a mailbox, as in <see cref="InvocationWorkItem"/>, for a silo in a cluster: when the activation
/// fails it before running because the grain deactivated or the silo stopped (a <see cref="SiloUnavailableException"/>
/// from the catalog), it fails with <see cref="CallRejectedException"/> instead, so the router can place the call again.
/// </summary>
internal sealed class RejectableInvocationWorkItem(GrainMethodDescriptor method, object?[] arguments, CancellationToken cancellationToken) : WorkItem
{
    private readonly TaskCompletionSource<object?> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<object?> Completion => _completion.Task;

    public override bool IsActivity => true;

    public override bool CanForward => true;

    public override async Task ExecuteAsync(ActivationData activation)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            _completion.TrySetCanceled(cancellationToken);
            return;
        }

        try
        {
            _completion.TrySetResult(await method.InvokeAsync(activation.GrainInstance, arguments).ConfigureAwait(false));
        }
        catch (Exception exception)
        {
            _completion.TrySetException(exception);
        }
    }

    public override void Fail(Exception exception) =>
        _completion.TrySetException(exception is SiloUnavailableException
            ? new CallRejectedException(exception.Message, exception)
            : exception);
}

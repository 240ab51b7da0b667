using OrleansChat.Runtime.Catalog;
using OrleansChat.Runtime.Messaging;

namespace OrleansChat.Runtime.Scheduling;

/// <summary>
/// A grain call waiting in a mailbox. With <paramref name="rejectWhenUnavailable"/> (calls a silo of a cluster received),
/// a call failed before it ran because the grain deactivated or the silo stopped (a <see cref="SiloUnavailableException"/>
/// from the catalog) fails with <see cref="CallRejectedException"/> instead, so the router can place it again.
/// </summary>
internal sealed class InvocationWorkItem(GrainMethodDescriptor method, object?[] arguments, CancellationToken cancellationToken, bool rejectWhenUnavailable = false) : WorkItem
{
    private readonly TaskCompletionSource<object?> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<object?> Completion => _completion.Task;

    public GrainMethodDescriptor Method => method;

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
        _completion.TrySetException(rejectWhenUnavailable && exception is SiloUnavailableException
            ? new CallRejectedException(exception.Message, exception)
            : exception);
}

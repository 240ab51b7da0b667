using OrleansChat.Runtime.Messaging;

namespace OrleansChat.Runtime.Observers;

/// <summary>A call waiting in an observer reference's queue.</summary>
internal sealed class ObserverCall(GrainMethodDescriptor method, object?[] arguments)
{
    private readonly TaskCompletionSource<object?> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public GrainMethodDescriptor Method => method;

    public object?[] Arguments => arguments;

    public Task<object?> Completion => _completion.Task;

    public void Complete(object? result) => _completion.TrySetResult(result);

    public void Fail(Exception exception) => _completion.TrySetException(exception);
}

using OrleansChat.Runtime.Catalog;

namespace OrleansChat.Runtime.Scheduling;

/// <summary>A runtime-made turn (timer tick, stream delivery, idle check) running a delegate.</summary>
internal sealed class ClosureWorkItem(Func<ActivationData, Task> work, bool isActivity) : WorkItem
{
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Completion => _completion.Task;

    public override bool IsActivity => isActivity;

    public override async Task ExecuteAsync(ActivationData activation)
    {
        try
        {
            await work(activation).ConfigureAwait(false);
            _completion.TrySetResult();
        }
        catch (Exception exception)
        {
            _completion.TrySetException(exception);
        }
    }

    public override void Fail(Exception exception) => _completion.TrySetException(exception);
}

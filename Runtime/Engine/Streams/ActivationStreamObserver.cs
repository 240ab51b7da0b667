using OrleansChat.Runtime.Catalog;
using OrleansChat.Runtime.Scheduling;

namespace OrleansChat.Runtime.Streams;

/// <summary>
/// Wraps an observer subscribed from inside a grain: each item is delivered as a turn of that grain (so it never
/// interleaves with calls), and is skipped once the subscription ended.
/// </summary>
internal sealed class ActivationStreamObserver<T>(ActivationData activation, IAsyncObserver<T> inner, Func<bool> isActive) : IAsyncObserver<T>
{
    public Task OnNextAsync(T item, StreamSequenceToken? token = null) =>
        RunAsTurnAsync(() => isActive() ? inner.OnNextAsync(item, token) : Task.CompletedTask, isActivity: true);

    public Task OnCompletedAsync() => RunAsTurnAsync(inner.OnCompletedAsync, isActivity: false);

    public Task OnErrorAsync(Exception ex) => RunAsTurnAsync(() => inner.OnErrorAsync(ex), isActivity: false);

    private async Task RunAsTurnAsync(Func<Task> work, bool isActivity)
    {
        var turn = new ClosureWorkItem(_ => work(), isActivity);
        if (await activation.EnqueueWaitingAsync(turn, CancellationToken.None).ConfigureAwait(false))
        {
            await turn.Completion.ConfigureAwait(false);
        }
    }
}

using Google.Protobuf.WellKnownTypes;
using OrleansChat.Runtime.Streams;

namespace OrleansChat.Bench.RuntimeBenchmarks;

/// <summary>A stream subscriber that completes a signal after a given number of items.</summary>
public sealed class CountingObserver : IAsyncObserver<Int64Value>
{
    private TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _remaining;

    /// <summary>Starts waiting for <paramref name="count"/> more items.</summary>
    public Task Expect(int count)
    {
        _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _remaining, count);
        return _done.Task;
    }

    public Task OnNextAsync(Int64Value item, StreamSequenceToken? token = null)
    {
        if (Interlocked.Decrement(ref _remaining) == 0)
        {
            _done.TrySetResult();
        }

        return Task.CompletedTask;
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex)
    {
        _done.TrySetException(ex);
        return Task.CompletedTask;
    }
}

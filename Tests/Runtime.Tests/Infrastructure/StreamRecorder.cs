using System.Collections.Concurrent;
using OrleansChat.Runtime.Streams;
using OrleansChat.Runtime.Tests.Messages;

namespace OrleansChat.Runtime.Tests.Infrastructure;

/// <summary>A stream observer that records items with their tokens and signals after a given count or an error.</summary>
internal sealed class StreamRecorder(int expected, Task? gate = null) : IAsyncObserver<StreamItem>
{
    private readonly ConcurrentQueue<(long Number, long Token)> _items = new();
    private readonly TaskCompletionSource _received = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<Exception> _error = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<int, TaskCompletionSource> _counts = new();

    public IReadOnlyList<(long Number, long Token)> Items => [.. _items];

    public IEnumerable<long> Numbers => Items.Select(i => i.Number);

    public Task Received => _received.Task;

    public Task<Exception> Error => _error.Task;

    /// <summary>Completes once at least <paramref name="count"/> items arrived.</summary>
    public Task WhenReceived(int count)
    {
        var signal = CountSignal(count);
        if (_items.Count >= count)
        {
            signal.TrySetResult();
        }

        return signal.Task;
    }

    public async Task OnNextAsync(StreamItem item, StreamSequenceToken? token = null)
    {
        if (gate is not null)
        {
            await gate;
        }

        _items.Enqueue((item.Number, token!.SequenceNumber));
        CountSignal(_items.Count).TrySetResult();
        if (_items.Count >= expected)
        {
            _received.TrySetResult();
        }
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    private TaskCompletionSource CountSignal(int count) =>
        _counts.GetOrAdd(count, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public Task OnErrorAsync(Exception ex)
    {
        _error.TrySetResult(ex);
        return Task.CompletedTask;
    }
}

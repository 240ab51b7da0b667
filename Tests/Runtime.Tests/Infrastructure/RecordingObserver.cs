using System.Collections.Concurrent;
using OrleansChat.Runtime.Scheduling;
using OrleansChat.Runtime.Tests.Grains;

namespace OrleansChat.Runtime.Tests.Infrastructure;

/// <summary>A client-side observer that records messages and signals when it has received a given number.</summary>
internal sealed class RecordingObserver(int expected = 1, Task? gate = null, bool fail = false) : ITestObserver
{
    private readonly ConcurrentQueue<string> _messages = new();
    private readonly TaskCompletionSource _received = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyCollection<string> Messages => _messages;

    /// <summary>Completes once <c>expected</c> messages arrived.</summary>
    public Task Received => _received.Task;

    /// <summary>Completes when the first call started (even if it then blocks on the gate).</summary>
    public Task Entered => _entered.Task;

    public bool CalledInsideAGrainTurn { get; private set; }

    public async Task OnMessage(string text)
    {
        _entered.TrySetResult();
        CalledInsideAGrainTurn |= RuntimeContext.Current is not null;
        if (gate is not null)
        {
            await gate;
        }

        if (fail)
        {
            throw new InvalidOperationException("observer failed on " + text);
        }

        _messages.Enqueue(text);
        if (_messages.Count >= expected)
        {
            _received.TrySetResult();
        }
    }
}

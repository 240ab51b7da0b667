using OrleansChat.Cli.Output;

namespace OrleansChat.Cli.Tests.Fakes;

/// <summary>Collects output events and lets a test wait for one to appear.</summary>
internal sealed class RecordingSink : IOutputSink
{
    private readonly List<OutputEvent> _events = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<OutputEvent> Events
    {
        get
        {
            lock (_events)
            {
                return _events.ToList();
            }
        }
    }

    public IReadOnlyList<T> All<T>()
        where T : OutputEvent
        => Events.OfType<T>().ToList();

    public ValueTask WriteAsync(OutputEvent outputEvent, CancellationToken cancellationToken = default)
    {
        TaskCompletionSource changed;
        lock (_events)
        {
            _events.Add(outputEvent);
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
        return ValueTask.CompletedTask;
    }

    /// <summary>Waits until an event of type <typeparamref name="T"/> matching <paramref name="predicate"/> was written.</summary>
    public async Task<T> WaitForAsync<T>(Func<T, bool>? predicate = null)
        where T : OutputEvent
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Signal);
        while (true)
        {
            Task changed;
            lock (_events)
            {
                if (_events.OfType<T>().FirstOrDefault(e => predicate?.Invoke(e) ?? true) is { } found)
                {
                    return found;
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new Xunit.Sdk.XunitException(
                    $"no {typeof(T).Name} within {TestTimeouts.Signal.TotalSeconds} s; got: {string.Join(", ", Events.Select(e => e.GetType().Name))}");
            }
        }
    }
}

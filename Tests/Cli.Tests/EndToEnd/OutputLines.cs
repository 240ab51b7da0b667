namespace OrleansChat.Cli.Tests.EndToEnd;

/// <summary>The lines a child process printed, with a wait for a line to appear.</summary>
internal sealed class OutputLines
{
    private readonly List<string> _lines = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<string> Snapshot()
    {
        lock (_lines)
        {
            return _lines.ToList();
        }
    }

    public void Add(string line)
    {
        TaskCompletionSource changed;
        lock (_lines)
        {
            _lines.Add(line);
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    /// <summary>Marks the end of output (the process exited): waiters stop waiting for more.</summary>
    public void Close()
    {
        lock (_lines)
        {
            Closed = true;
            _changed.TrySetResult();
        }
    }

    public bool Closed { get; private set; }

    /// <summary>Waits until <paramref name="condition"/> holds over all lines so far.</summary>
    public async Task<IReadOnlyList<string>> WaitForAsync(Func<IReadOnlyList<string>, bool> condition, TimeSpan timeout, string what)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (true)
        {
            Task changed;
            IReadOnlyList<string> lines;
            bool closed;
            lock (_lines)
            {
                lines = _lines.ToList();
                changed = _changed.Task;
                closed = Closed;
            }

            if (condition(lines))
            {
                return lines;
            }

            if (closed)
            {
                throw new Xunit.Sdk.XunitException($"{what}: the process ended first. Its output:\n{string.Join('\n', lines)}");
            }

            try
            {
                await changed.WaitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                throw new Xunit.Sdk.XunitException($"{what}: not seen within {timeout.TotalSeconds} s. Output so far:\n{string.Join('\n', lines)}");
            }
        }
    }

    public Task<IReadOnlyList<string>> WaitForLineAsync(Func<string, bool> predicate, TimeSpan timeout, string what)
        => WaitForAsync(lines => lines.Any(predicate), timeout, what);
}

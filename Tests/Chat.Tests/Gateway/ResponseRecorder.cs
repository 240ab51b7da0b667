using Grpc.Core;
using OrleansChat.Chat.Tests.Grains;

namespace OrleansChat.Chat.Tests.Gateway;

/// <summary>
/// Reads a response stream in the background and keeps every message, so tests can wait for a message matching a
/// condition (a signal, never a sleep) and look at everything received so far.
/// </summary>
internal sealed class ResponseRecorder<T>
    where T : class
{
    private readonly Lock _gate = new();
    private readonly List<T> _received = [];
    private readonly IAsyncStreamReader<T> _reader;
    private readonly TaskCompletionSource<RpcException?> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _started;

    public ResponseRecorder(IAsyncStreamReader<T> reader)
    {
        _reader = reader;
    }

    /// <summary>Completes when the stream ends: null for OK, otherwise the call's error.</summary>
    public Task<RpcException?> Ended => _ended.Task;

    public IReadOnlyList<T> Received
    {
        get
        {
            lock (_gate)
            {
                return [.. _received];
            }
        }
    }

    /// <summary>Starts reading (once).</summary>
    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            _ = Task.Run(ReadAsync);
        }
    }

    public async Task<T> WaitForAsync(Func<T, bool> predicate, string description)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Signal);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                var match = _received.FirstOrDefault(predicate);
                if (match is not null)
                {
                    return match;
                }

                if (_ended.Task.IsCompleted)
                {
                    throw new InvalidOperationException("The stream ended (" + (_ended.Task.Result?.Status.ToString() ?? "OK") + ") before " + description
                        + " arrived; received: " + Describe());
                }

                changed = _changed.Task;
            }

            try
            {
                await Task.WhenAny(changed, _ended.Task).WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException("Timed out waiting for " + description + "; received: " + Describe());
            }
        }
    }

    /// <summary>Waits for the stream to end with an error and returns it.</summary>
    public async Task<RpcException> WaitForErrorAsync()
    {
        var error = await _ended.Task.WaitAsync(TestTimeouts.Signal);
        return error ?? throw new InvalidOperationException("The stream ended with OK; received: " + Describe());
    }

    private async Task ReadAsync()
    {
        try
        {
            while (await _reader.MoveNext(CancellationToken.None))
            {
                Add(_reader.Current);
            }

            _ended.TrySetResult(null);
        }
        catch (RpcException exception)
        {
            _ended.TrySetResult(exception);
        }
        catch (Exception exception)
        {
            _ended.TrySetException(exception);
        }
        finally
        {
            Pulse();
        }
    }

    private void Add(T message)
    {
        lock (_gate)
        {
            _received.Add(message);
        }

        Pulse();
    }

    private void Pulse()
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    private string Describe()
    {
        lock (_gate)
        {
            var tail = _received.Count > 20 ? _received.Skip(_received.Count - 20) : _received;
            return _received.Count + " messages, last: " + string.Join(" | ", tail);
        }
    }
}

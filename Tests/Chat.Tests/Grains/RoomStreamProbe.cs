using OrleansChat.Grains;
using OrleansChat.Runtime.Streams;

namespace OrleansChat.Chat.Tests.Grains;

/// <summary>Subscribes to a room stream from outside the grains and records what it receives, for tests to wait on.</summary>
internal sealed class RoomStreamProbe : IAsyncObserver<RoomStreamItem>, IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly List<RoomStreamItem> _items = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private StreamSubscriptionHandle<RoomStreamItem>? _handle;

    private RoomStreamProbe()
    {
    }

    /// <summary>The events received, in order.</summary>
    public IReadOnlyList<RoomEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _items.Where(i => i.KindCase == RoomStreamItem.KindOneofCase.Event).Select(i => i.Event)];
            }
        }
    }

    /// <summary>Everything received, in order.</summary>
    public IReadOnlyList<RoomStreamItem> Items
    {
        get
        {
            lock (_gate)
            {
                return [.. _items];
            }
        }
    }

    public static async Task<RoomStreamProbe> SubscribeAsync(IServiceProvider silo, string roomId)
    {
        var probe = new RoomStreamProbe();
        var stream = silo.GetStreamProvider(ChatStreams.ProviderName).GetStream<RoomStreamItem>(ChatStreams.ForRoom(roomId));
        probe._handle = await stream.SubscribeAsync(probe);
        return probe;
    }

    /// <summary>Waits until an event matching <paramref name="predicate"/> has arrived and returns it.</summary>
    public async Task<RoomEvent> WaitForEventAsync(Func<RoomEvent, bool> predicate, string description)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Signal);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                var match = _items.Where(i => i.KindCase == RoomStreamItem.KindOneofCase.Event).Select(i => i.Event).FirstOrDefault(predicate);
                if (match is not null)
                {
                    return match;
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException("Timed out waiting for " + description + "; the stream carried: "
                    + string.Join(", ", Events.Select(e => e.Seq + ":" + e.Kind + ":" + e.Text)));
            }
        }
    }

    public Task OnNextAsync(RoomStreamItem item, StreamSequenceToken? token = null)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _items.Add(item);
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.SetResult();
        return Task.CompletedTask;
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_handle is not null)
        {
            await _handle.UnsubscribeAsync();
        }
    }
}

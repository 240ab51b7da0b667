using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using OrleansChat.Runtime.Messaging;
using OrleansChat.Runtime.Scheduling;

namespace OrleansChat.Runtime.Observers;

/// <summary>
/// The receiving end of one observer reference: a bounded queue of calls drained by one loop on the thread pool
/// (never inside a grain's turn), so calls reach the object one at a time and in order, and a slow object only
/// slows its own queue.
/// </summary>
internal sealed class ObserverEndpoint
{
    private readonly object _target;
    private readonly Channel<ObserverCall> _queue;
    private readonly ILogger _logger;
    private volatile bool _deleted;

    public ObserverEndpoint(Guid observerId, Type interfaceType, object target, int capacity, ILogger logger)
    {
        ObserverId = observerId;
        InterfaceType = interfaceType;
        _target = target;
        _logger = logger;
        _queue = Channel.CreateBounded<ObserverCall>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
        Capacity = capacity;
        using (ExecutionContext.SuppressFlow())
        {
            _ = Task.Run(RunAsync, CancellationToken.None);
        }
    }

    public Guid ObserverId { get; }

    public Type InterfaceType { get; }

    public int Capacity { get; }

    public Task<object?> InvokeAsync(GrainMethodDescriptor method, object?[] arguments)
    {
        var call = new ObserverCall(method, arguments);
        if (!_deleted && _queue.Writer.TryWrite(call))
        {
            return call.Completion;
        }

        return Task.FromException<object?>(_deleted
            ? Deleted()
            : new GrainOverloadedException(
                "Observer reference " + ObserverId + " (" + InterfaceType.Name + ") has " + Capacity
                + " queued calls (ObserverOptions.QueueCapacity); the call was rejected."));
    }

    /// <summary>Stops accepting calls; queued calls fail.</summary>
    public void Delete()
    {
        _deleted = true;
        _queue.Writer.TryComplete();
    }

    private ObjectDisposedException Deleted() =>
        new(InterfaceType.Name + " reference " + ObserverId, "The observer reference was deleted.");

    private async Task RunAsync()
    {
        RuntimeContext.Current = null;
        try
        {
            await foreach (var call in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                if (_deleted)
                {
                    call.Fail(Deleted());
                    continue;
                }

                try
                {
                    call.Complete(await call.Method.InvokeAsync(_target, call.Arguments).ConfigureAwait(false));
                }
                catch (Exception exception)
                {
                    call.Fail(exception);
                }
            }
        }
        catch (Exception exception)
        {
            ObserversLog.LoopFailed(_logger, ObserverId, exception);
            throw;
        }
    }
}

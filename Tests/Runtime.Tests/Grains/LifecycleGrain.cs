using OrleansChat.Runtime.Scheduling;
using OrleansChat.Runtime.Streams;
using OrleansChat.Runtime.Tests.Infrastructure;
using OrleansChat.Runtime.Tests.Messages;

namespace OrleansChat.Runtime.Tests.Grains;

/// <summary>Reports activation, deactivation and KeepAlive checks to the probe; can subscribe itself to a stream.</summary>
public sealed class LifecycleGrain(GrainProbe probe) : Grain, ILifecycleGrain, IAsyncObserver<StreamItem>
{
    private bool _keepAlive;
    private int _touches;
    private int _streamItems;

    protected override bool KeepAlive
    {
        get
        {
            probe.KeepAliveChecked(this.GetPrimaryKeyString());
            return _keepAlive;
        }
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        probe.Activated(this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        if (probe.BlockDeactivation.GetValueOrDefault(key))
        {
            probe.Signal("deactivating:" + key).TrySetResult();
            await probe.Gate.Task;
        }

        probe.Deactivated(key, reason);
    }

    public Task<int> Touch() => Task.FromResult(++_touches);

    public Task SetKeepAlive(bool keepAlive)
    {
        _keepAlive = keepAlive;
        return Task.CompletedTask;
    }

    public async Task SubscribeToStream(string streamKey)
    {
        var stream = this.GetStreamProvider("Default").GetStream<StreamItem>(StreamId.Create("test", streamKey));
        await stream.SubscribeAsync(this);
    }

    public Task<int> StreamItemsReceived() => Task.FromResult(_streamItems);

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task OnNextAsync(StreamItem item, StreamSequenceToken? token = null)
    {
        _streamItems++;
        if (RuntimeContext.Current?.GrainId == GrainId)
        {
            probe.Signal("stream-item-in-turn:" + this.GetPrimaryKeyString() + ":" + item.Number).TrySetResult();
        }

        return Task.CompletedTask;
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;
}

using OrleansChat.Runtime.Tests.Infrastructure;
using OrleansChat.Runtime.Tests.Messages;

namespace OrleansChat.Runtime.Tests.Grains;

/// <summary>A grain with two persistent states in the "Default" storage.</summary>
public sealed class CounterGrain(
    [PersistentState("counter")] IPersistentState<CounterState> counter,
    [PersistentState("audit", "Default")] IPersistentState<AuditState> audit,
    GrainProbe probe) : Grain, ICounterGrain
{
    private long _valueSeenAtActivation = -1;
    private long? _writeOnDeactivation;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _valueSeenAtActivation = counter.State.Value;
        probe.Activated(this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_writeOnDeactivation is { } value)
        {
            counter.State.Value = value;
            await counter.WriteStateAsync(cancellationToken);
        }

        probe.Deactivated(this.GetPrimaryKeyString(), reason);
    }

    public async Task<long> Increment()
    {
        counter.State.Value++;
        counter.State.LastWriter = this.GetPrimaryKeyString();
        await counter.WriteStateAsync();
        audit.State.Entries.Add("increment");
        await audit.WriteStateAsync();
        return counter.State.Value;
    }

    public Task<long> Get() => Task.FromResult(counter.State.Value);

    public Task<long> ValueSeenAtActivation() => Task.FromResult(_valueSeenAtActivation);

    public Task<string> Etag() => Task.FromResult(counter.Etag ?? string.Empty);

    public Task<int> AuditCount() => Task.FromResult(audit.State.Entries.Count);

    public Task SetOnDeactivation(long value)
    {
        _writeOnDeactivation = value;
        return Task.CompletedTask;
    }

    public Task Clear() => counter.ClearStateAsync();

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }
}

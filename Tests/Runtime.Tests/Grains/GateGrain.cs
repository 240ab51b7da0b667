using OrleansChat.Runtime.Tests.Infrastructure;

namespace OrleansChat.Runtime.Tests.Grains;

/// <summary>Blocks its turn until the probe's gate opens; can call itself (a non-reentrant cycle).</summary>
public sealed class GateGrain(GrainProbe probe) : Grain, IGateGrain
{
    public async Task Block()
    {
        probe.Signal("blocked:" + this.GetPrimaryKeyString()).TrySetResult();
        await probe.Gate.Task;
    }

    public Task Ping() => Task.CompletedTask;

    public Task CallSelf() => GrainFactory.GetGrain<IGateGrain>(this.GetPrimaryKeyString()).Ping();
}

using OrleansChat.Runtime.Tests.Infrastructure;

namespace OrleansChat.Runtime.Tests.Grains;

/// <summary>Fails to activate while the probe says so.</summary>
public sealed class FragileGrain(GrainProbe probe) : Grain, IFragileGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        probe.Activated(key);
        if (probe.FailActivation.GetValueOrDefault(key))
        {
            throw new InvalidOperationException("Activation refused for " + key);
        }

        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        probe.Deactivated(this.GetPrimaryKeyString(), reason);
        return Task.CompletedTask;
    }

    public Task<int> Activations() => Task.FromResult(probe.Activations(this.GetPrimaryKeyString()));
}

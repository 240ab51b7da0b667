using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansChat.Runtime.Membership;
using OrleansChat.Runtime.Placement;

namespace OrleansChat.Runtime.Testing;

/// <summary>One in-process silo of a <see cref="TestCluster"/>.</summary>
public sealed class SiloHandle
{
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _active = 1;

    internal SiloHandle(string name, IHost host)
    {
        Name = name;
        Host = host;
        GrainFactory = host.Services.GetRequiredService<IGrainFactory>();
        SiloAddress = host.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
    }

    /// <summary>The silo's name (kept across restarts).</summary>
    public string Name { get; }

    /// <summary>The silo's address (its cluster endpoint "127.0.0.1:port" in a clustered test cluster); a restart gives a new one.</summary>
    public SiloAddress SiloAddress { get; }

    /// <summary>The host running the silo.</summary>
    public IHost Host { get; }

    /// <summary>The silo's services.</summary>
    public IServiceProvider Services => Host.Services;

    /// <summary>The silo's grain factory (in a clustered test cluster its calls reach grains on every silo).</summary>
    public IGrainFactory GrainFactory { get; }

    /// <summary>The silo's membership view (clustered test clusters only).</summary>
    public IClusterMembershipView? MembershipView => Host.Services.GetService<IClusterMembershipView>();

    /// <summary>False once stopped, killed, or stopped by itself (it read itself dead).</summary>
    public bool IsActive => Volatile.Read(ref _active) != 0;

    /// <summary>Completes when the silo has stopped, whoever stopped it.</summary>
    public Task Stopped => _stopped.Task;

    /// <inheritdoc />
    public override string ToString() => Name + " " + SiloAddress;

    /// <summary>Marks the silo inactive; true for the first caller only.</summary>
    internal bool TryDeactivate() => Interlocked.Exchange(ref _active, 0) != 0;

    internal void MarkStopped() => _stopped.TrySetResult();
}

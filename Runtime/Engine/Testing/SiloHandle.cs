using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansChat.Runtime.Placement;

namespace OrleansChat.Runtime.Testing;

/// <summary>One in-process silo of a <see cref="TestCluster"/>.</summary>
public sealed class SiloHandle
{
    internal SiloHandle(string name, IHost host)
    {
        Name = name;
        Host = host;
        GrainFactory = host.Services.GetRequiredService<IGrainFactory>();
        SiloAddress = host.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
    }

    /// <summary>The silo's name (kept across restarts).</summary>
    public string Name { get; }

    /// <summary>The silo's address; a restart gives a new generation.</summary>
    public SiloAddress SiloAddress { get; }

    /// <summary>The host running the silo.</summary>
    public IHost Host { get; }

    /// <summary>The silo's services.</summary>
    public IServiceProvider Services => Host.Services;

    /// <summary>The silo's grain factory.</summary>
    public IGrainFactory GrainFactory { get; }

    /// <summary>False once stopped or killed.</summary>
    public bool IsActive { get; internal set; } = true;

    /// <inheritdoc />
    public override string ToString() => SiloAddress.ToString();
}

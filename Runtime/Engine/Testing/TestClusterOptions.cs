using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OrleansChat.Runtime.Testing;

/// <summary>How a <see cref="TestCluster"/> builds its silos. Timeouts are short by default.</summary>
public sealed class TestClusterOptions
{
    /// <summary>How many silos to start. Only 1 until silos form a cluster.</summary>
    public int InitialSilosCount { get; set; } = 1;

    /// <summary>Registers each silo's grains, storage, streams and options (called after the runtime defaults, so it can override them).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; set; }

    /// <summary>Configures each silo's logging (e.g. a provider that fails tests on errors).</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; set; }

    /// <summary>SiloOptions.ShutdownTimeout for test silos. Default 10 seconds.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>MessagingOptions.ResponseTimeout for test silos. Default 10 seconds.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>GrainCollectionOptions activation and deactivation timeouts for test silos. Default 10 seconds.</summary>
    public TimeSpan ActivationTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

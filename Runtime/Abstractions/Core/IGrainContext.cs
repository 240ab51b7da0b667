namespace OrleansChat.Runtime;

/// <summary>
/// The runtime's view of one activation, given to <see cref="Grain"/>. Implemented by the engine.
/// </summary>
public interface IGrainContext
{
    /// <summary>The identity of the grain.</summary>
    GrainId GrainId { get; }

    /// <summary>The grain factory of the silo hosting this activation.</summary>
    IGrainFactory GrainFactory { get; }

    /// <summary>The activation's service provider (a scope of the silo's provider, disposed on deactivation).</summary>
    IServiceProvider ActivationServices { get; }

    /// <summary>Registers a timer whose ticks run as turns of this activation.</summary>
    IGrainTimer RegisterTimer(Func<object?, CancellationToken, Task> callback, object? state, TimeSpan dueTime, TimeSpan period);

    /// <summary>Asks the runtime to deactivate this activation once the current turn ends.</summary>
    void DeactivateOnIdle();
}

namespace OrleansChat.Runtime;

/// <summary>Why an activation is being deactivated.</summary>
public enum DeactivationReasonCode
{
    /// <summary>No reason given.</summary>
    None = 0,

    /// <summary>The activation was idle longer than the collection age.</summary>
    ActivationIdle = 1,

    /// <summary>The grain called <see cref="Grain.DeactivateOnIdle"/>.</summary>
    ApplicationRequested = 2,

    /// <summary>The silo is shutting down.</summary>
    ShuttingDown = 3,

    /// <summary>Activation failed; the half-made activation is discarded.</summary>
    ActivationFailed = 4,

    /// <summary>
    /// A silo joined or left the cluster and another silo owns the grain now; the next call activates it there
    /// (from its stored state).
    /// </summary>
    Migrating = 5,
}

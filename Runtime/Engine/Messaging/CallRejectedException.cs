using OrleansChat.Runtime.Placement;

namespace OrleansChat.Runtime.Messaging;

/// <summary>
/// A call that certainly did not run: it was never sent (the connection could not be made, or closed before the
/// request was written), or the target silo refused it before any grain code ran (the silo is stopping, the grain is
/// moving away). The cluster router places such a call again; it never reaches application code.
/// </summary>
internal sealed class CallRejectedException : Exception
{
    public CallRejectedException(string message)
        : base(message)
    {
    }

    public CallRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CallRejectedException(SiloAddress? silo, bool unreachable, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Silo = silo;
        Unreachable = unreachable;
    }

    /// <summary>The silo that was tried, when known.</summary>
    public SiloAddress? Silo { get; }

    /// <summary>True when the silo could not be reached at all (the membership view is told).</summary>
    public bool Unreachable { get; }
}

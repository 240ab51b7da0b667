namespace OrleansChat.Runtime.Cluster;

/// <summary>
/// Raised by <see cref="ValueCodec"/> when a value to send to another silo is an observer reference; the invoker
/// rethrows it as an <see cref="ArgumentException"/> (or a result error) naming the parameter. Never leaves the runtime.
/// </summary>
internal sealed class ObserverReferenceCrossingException : Exception
{
    public ObserverReferenceCrossingException()
        : base("An observer reference cannot cross silos.")
    {
    }

    public ObserverReferenceCrossingException(string message)
        : base(message)
    {
    }

    public ObserverReferenceCrossingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

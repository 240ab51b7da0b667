namespace OrleansChat.Runtime;

/// <summary>
/// The silo that should process a call is stopping, stopped or unreachable; the call was not processed.
/// Not sealed: <see cref="Streams.StreamOwnerChangedException"/> is the stream-specific case.
/// </summary>
public class SiloUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SiloUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public SiloUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

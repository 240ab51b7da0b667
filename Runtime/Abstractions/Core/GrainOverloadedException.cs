namespace OrleansChat.Runtime;

/// <summary>
/// A call was rejected because the target's bounded queue (a grain's mailbox or an observer
/// reference's delivery queue) is full. The call was not processed; the caller may retry later.
/// </summary>
public sealed class GrainOverloadedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public GrainOverloadedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public GrainOverloadedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

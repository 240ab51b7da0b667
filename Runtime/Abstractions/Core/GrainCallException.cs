namespace OrleansChat.Runtime;

/// <summary>
/// Carries an exception raised by a grain when its original type cannot be recreated on the caller's side
/// (after crossing silos). <see cref="Exception.Message"/> is the original message.
/// </summary>
public sealed class GrainCallException : Exception
{
    /// <summary>Creates the exception.</summary>
    public GrainCallException(string originalTypeName, string message)
        : base(message)
    {
        OriginalTypeName = originalTypeName;
    }

    /// <summary>Creates the exception.</summary>
    public GrainCallException(string originalTypeName, string message, Exception innerException)
        : base(message, innerException)
    {
        OriginalTypeName = originalTypeName;
    }

    /// <summary>The full name of the exception type the grain threw.</summary>
    public string OriginalTypeName { get; }
}

namespace OrleansChat.Runtime;

/// <summary>
/// A grain or observer interface breaks the rules for calls that may cross silos (returns Task/ValueTask;
/// parameters and results are protobuf messages, simple values, lists of those, or grain/observer references).
/// Thrown at silo start-up and by <see cref="IGrainFactory.GetGrain{TGrainInterface}"/>.
/// </summary>
public sealed class InvalidGrainInterfaceException : Exception
{
    /// <summary>Creates the exception.</summary>
    public InvalidGrainInterfaceException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public InvalidGrainInterfaceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception from several problems, one per line.</summary>
    public InvalidGrainInterfaceException(IReadOnlyList<string> problems)
        : base(string.Join(Environment.NewLine, problems ?? throw new ArgumentNullException(nameof(problems))))
    {
        Problems = problems;
    }

    /// <summary>Each problem found, e.g. "IBadGrain.Foo(Stream s): parameter 's' of type System.IO.Stream cannot cross silos; …".</summary>
    public IReadOnlyList<string> Problems { get; } = [];
}

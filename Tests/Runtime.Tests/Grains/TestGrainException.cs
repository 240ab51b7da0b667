namespace OrleansChat.Runtime.Tests.Grains;

/// <summary>An application exception type thrown by a test grain.</summary>
public sealed class TestGrainException : Exception
{
    public TestGrainException(string message)
        : base(message)
    {
    }

    public TestGrainException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TestGrainException()
    {
    }
}

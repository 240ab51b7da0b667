namespace OrleansChat.Silo.Hosting;

/// <summary>The server's options are not usable; <see cref="Exception.Message"/> lists each problem on its own line.</summary>
public sealed class ChatServerConfigurationException : Exception
{
    /// <summary>Creates the exception from the problems found.</summary>
    public ChatServerConfigurationException(IReadOnlyList<string> problems)
        : base(string.Join(Environment.NewLine, problems))
    {
        Problems = problems;
    }

    /// <summary>Creates the exception.</summary>
    public ChatServerConfigurationException(string message)
        : base(message)
    {
        Problems = [message];
    }

    /// <summary>Creates the exception.</summary>
    public ChatServerConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [message];
    }

    /// <summary>The problems, one sentence each.</summary>
    public IReadOnlyList<string> Problems { get; }
}

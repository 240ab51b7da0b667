namespace OrleansChat.Cli;

/// <summary>What the user asked for on the command line, after defaults and precedence are applied
/// (a flag beats the positional argument, which beats the default).</summary>
internal sealed record CliOptions
{
    public const string DefaultRoom = "general";
    public const string DefaultServer = "localhost:50051";

    public required string User { get; init; }

    public string Room { get; init; } = DefaultRoom;

    public string Server { get; init; } = DefaultServer;

    public string? DisplayName { get; init; }

    public string? Avatar { get; init; }

    public string? Token { get; init; }

    public bool Tls { get; init; }

    /// <summary>A PEM file with the CA certificate that signed the server's certificate; implies TLS.</summary>
    public string? CaFile { get; init; }

    public bool Json { get; init; }

    /// <summary>Send this one message, wait for its ack and exit.</summary>
    public string? Message { get; init; }

    /// <summary>How long to wait for outstanding acks before giving up (non-interactive modes).</summary>
    public TimeSpan AckTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How many recent messages to ask for on join (0 = the server's default).</summary>
    public uint HistoryLimit { get; init; }
}

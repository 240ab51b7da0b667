using OrleansChat.Protocol.V1;

namespace OrleansChat.Cli.Session;

/// <summary>The server answered Hello with an Error: the session is refused (bad user id, token, allow-list).</summary>
internal sealed class HelloRefusedException(Error error) : Exception(error.Message)
{
    public Error Error { get; } = error;
}

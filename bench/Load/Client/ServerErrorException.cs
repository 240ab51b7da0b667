namespace OrleansChat.Bench.Load.Client;

/// <summary>The server answered a control frame (Hello, JoinRoom, LeaveRoom) with an Error frame.</summary>
internal sealed class ServerErrorException(int code, string message)
    : Exception($"The server refused the request: code {code}, {message}")
{
    public int Code { get; } = code;
}

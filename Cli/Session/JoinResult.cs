using OrleansChat.Protocol.V1;

namespace OrleansChat.Cli.Session;

internal enum JoinStatus
{
    /// <summary>The server confirmed the join.</summary>
    Joined,

    /// <summary>The session was already in the room.</summary>
    AlreadyJoined,

    /// <summary>Not connected now: the room is joined as soon as the session reconnects.</summary>
    Deferred,

    /// <summary>The server refused (see <see cref="JoinResult.Error"/>).</summary>
    Refused,
}

internal sealed record JoinResult(JoinStatus Status, Joined? Joined = null, Error? Error = null);

using OrleansChat.Protocol.V1;

namespace OrleansChat.Cli.Session;

internal sealed partial class ChatSession
{
    private enum RequestKind
    {
        Join,
        Leave,
        Send,
    }

    /// <summary>A client frame waiting for its answer; <see cref="Answer"/> is set when a command awaits it
    /// (null result: the connection went away).</summary>
    private sealed class InFlight(ulong id, RequestKind kind, string roomId, string? clientMessageId, bool waiter)
    {
        public ulong Id { get; } = id;

        public RequestKind Kind { get; } = kind;

        public string RoomId { get; } = roomId;

        public string? ClientMessageId { get; } = clientMessageId;

        public TaskCompletionSource<ServerFrame?>? Answer { get; } = waiter ? new(TaskCreationOptions.RunContinuationsAsynchronously) : null;
    }
}

using OrleansChat.Protocol.V1;

namespace OrleansChat.Cli.Session;

/// <summary>A message typed but not yet acknowledged. It is (re)sent on every new connection with the same
/// <see cref="ClientMessageId"/> until the server acks it, so the server stores it once.</summary>
internal sealed class PendingSend(string roomId, string clientMessageId, string text)
{
    private readonly TaskCompletionSource<SendOutcome> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string RoomId { get; } = roomId;

    public string ClientMessageId { get; } = clientMessageId;

    public string Text { get; } = text;

    public Task<SendOutcome> Outcome => _outcome.Task;

    public SendMessage ToMessage() => new() { RoomId = RoomId, ClientMessageId = ClientMessageId, Text = Text };

    public void Complete(SendOutcome outcome) => _outcome.TrySetResult(outcome);
}

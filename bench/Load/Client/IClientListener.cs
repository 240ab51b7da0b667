namespace OrleansChat.Bench.Load.Client;

/// <summary>Receives what a <see cref="ChatClient"/>'s read loop sees. Called on that loop: keep it short.</summary>
internal interface IClientListener
{
    /// <summary>A frame the server pushed (event, presence, typing) arrived at <paramref name="timestamp"/>.</summary>
    void OnPush(ChatClient client, FrameSummary frame, long timestamp);

    /// <summary>A message sent with <see cref="ChatClient.TrySend"/> was acknowledged.</summary>
    void OnAck(ChatClient client, long messageIndex);

    /// <summary>The server refused a message sent with <see cref="ChatClient.TrySend"/>.</summary>
    void OnSendRejected(ChatClient client, long messageIndex, int code, string message);

    /// <summary>The call ended: <paramref name="error"/> is null when the server closed it with OK.</summary>
    void OnStreamEnded(ChatClient client, Exception? error);
}

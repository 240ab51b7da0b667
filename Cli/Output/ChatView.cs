namespace OrleansChat.Cli.Output;

/// <summary>What the user is looking at: the current room (where plain text goes). Read by the formatter on
/// the writer loop and changed by commands, hence volatile.</summary>
internal sealed class ChatView
{
    private volatile string? _currentRoom;

    public string? CurrentRoom
    {
        get => _currentRoom;
        set => _currentRoom = value;
    }
}

namespace OrleansChat.Cli.Input;

/// <summary>Key presses, one at a time.</summary>
internal interface IKeySource
{
    /// <summary>The next key; null when the terminal closed.</summary>
    ValueTask<ConsoleKeyInfo?> ReadKeyAsync(CancellationToken cancellationToken);
}

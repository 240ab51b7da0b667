namespace OrleansChat.Cli.Input;

/// <summary>Where lines come from: the terminal's line editor, or standard input when it is redirected.</summary>
internal interface ILineSource
{
    /// <summary>The next line, or null when input has ended (Ctrl-D, end of the pipe).</summary>
    ValueTask<string?> ReadLineAsync(string prompt, CancellationToken cancellationToken);
}

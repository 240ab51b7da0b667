using OrleansChat.Cli.Output;

namespace OrleansChat.Cli.Input;

/// <summary>Lines typed at a terminal: keys go through the <see cref="LineEditor"/> and every change is drawn
/// by the console writer (which redraws the partial line after each incoming message).</summary>
internal sealed class TerminalLineSource(IKeySource keys, ConsoleWriter writer) : ILineSource
{
    private readonly LineEditor _editor = new();

    public async ValueTask<string?> ReadLineAsync(string prompt, CancellationToken cancellationToken)
    {
        await writer.ShowPromptAsync(_editor.State(prompt), cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var key = await keys.ReadKeyAsync(cancellationToken).ConfigureAwait(false);
            if (key is null)
            {
                return null;
            }

            switch (_editor.Apply(key.Value))
            {
                case EditorAction.Changed:
                    await writer.ShowPromptAsync(_editor.State(prompt), cancellationToken).ConfigureAwait(false);
                    break;
                case EditorAction.Submit:
                    var line = _editor.TakeLine();
                    await writer.ShowPromptAsync(_editor.State(prompt), cancellationToken).ConfigureAwait(false);
                    return line;
                case EditorAction.EndOfInput:
                    return null;
            }
        }
    }
}

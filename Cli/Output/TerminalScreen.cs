using System.Text;
using OrleansChat.Cli.Input;

namespace OrleansChat.Cli.Output;

/// <summary>A terminal with a prompt line at the bottom. Printing a line clears the prompt line, prints the
/// line, and redraws the prompt with the partial input and the cursor where it was, so incoming messages
/// never garble what is being typed. Only the console writer's loop calls this.</summary>
internal sealed class TerminalScreen(TextWriter terminal, Func<int> columns)
{
    /// <summary>Raw mode may turn off output post-processing, so lines end in CR LF explicitly.</summary>
    public const string NewLine = "\r\n";

    private PromptState? _prompt;

    public PromptState? Prompt => _prompt;

    public void PrintLines(IReadOnlyList<OutputLine> lines)
    {
        if (lines.Count == 0)
        {
            return;
        }

        var builder = new StringBuilder();
        if (_prompt is not null)
        {
            builder.Append(Ansi.ClearLine);
        }

        foreach (var line in lines)
        {
            builder.Append(line.Text).Append(NewLine);
        }

        AppendPrompt(builder);
        Write(builder);
    }

    public void ShowPrompt(PromptState prompt)
    {
        _prompt = prompt;
        var builder = new StringBuilder(Ansi.ClearLine);
        AppendPrompt(builder);
        Write(builder);
    }

    /// <summary>Erases the prompt line and stops redrawing it (on exit, or while a command runs).</summary>
    public void HidePrompt()
    {
        if (_prompt is null)
        {
            return;
        }

        _prompt = null;
        Write(new StringBuilder(Ansi.ClearLine));
    }

    private void AppendPrompt(StringBuilder builder)
    {
        if (_prompt is null)
        {
            return;
        }

        var (line, cursorColumn) = PromptRenderer.Render(_prompt, SafeColumns());
        builder.Append(line).Append('\r').Append(Ansi.CursorForward(cursorColumn));
    }

    private int SafeColumns()
    {
        var value = columns();
        return value > 0 ? value : 80;
    }

    private void Write(StringBuilder builder)
    {
        terminal.Write(builder.ToString());
        terminal.Flush();
    }
}

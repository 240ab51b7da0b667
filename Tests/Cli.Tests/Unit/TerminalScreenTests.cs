using OrleansChat.Cli.Input;
using OrleansChat.Cli.Output;

namespace OrleansChat.Cli.Tests.Unit;

public sealed class TerminalScreenTests
{
    private readonly StringWriter _terminal = new();
    private readonly TerminalScreen _screen;

    public TerminalScreenTests() => _screen = new TerminalScreen(_terminal, () => 40);

    [Fact]
    public void IncomingLine_ClearsThePromptLine_PrintsIt_AndRedrawsThePartialInputWithTheCursor()
    {
        _screen.ShowPrompt(new PromptState("#general> ", "half a li", 4));
        _terminal.GetStringBuilder().Clear();

        _screen.PrintLines([new OutputLine("[12:00:00] bob: hi")]);

        Assert.Equal("\r\u001b[2K[12:00:00] bob: hi\r\n#general> half a li\r\u001b[14C", _terminal.ToString());
    }

    [Fact]
    public void WithoutPrompt_LinesArePrintedAsTheyAre()
    {
        _screen.PrintLines([new OutputLine("one"), new OutputLine("two")]);

        Assert.Equal("one\r\ntwo\r\n", _terminal.ToString());
    }

    [Fact]
    public void HidePrompt_ErasesItOnce()
    {
        _screen.ShowPrompt(PromptState.Empty("> "));
        _terminal.GetStringBuilder().Clear();

        _screen.HidePrompt();
        _screen.HidePrompt();

        Assert.Equal("\r\u001b[2K", _terminal.ToString());
        Assert.Null(_screen.Prompt);
    }
}

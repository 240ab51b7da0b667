using OrleansChat.Cli.Input;
using OrleansChat.Cli.Output;

namespace OrleansChat.Cli.Tests.Unit;

public sealed class PromptRendererTests
{
    [Fact]
    public void ShortText_IsShownWhole_CursorAfterPromptAndText()
    {
        var (line, column) = PromptRenderer.Render(new PromptState("> ", "hello", 5), 80);

        Assert.Equal("> hello", line);
        Assert.Equal(7, column);
    }

    [Fact]
    public void TextWiderThanTheRow_ScrollsSoTheCursorStaysVisible()
    {
        var text = new string('a', 30) + "END";
        var (line, column) = PromptRenderer.Render(new PromptState("> ", text, text.Length), 20);

        Assert.EndsWith("END", line, StringComparison.Ordinal);
        Assert.True(column < 20, $"cursor column {column} is off a 20-column row");
        Assert.True(line.Length <= 19);
    }

    [Fact]
    public void CursorAtTheStartOfLongText_ShowsTheStart()
    {
        var text = "START" + new string('b', 50);
        var (line, column) = PromptRenderer.Render(new PromptState("> ", text, 0), 20);

        Assert.StartsWith("> START", line, StringComparison.Ordinal);
        Assert.Equal(2, column);
    }

    [Fact]
    public void WideCharacters_CountTwoColumns()
    {
        var (_, column) = PromptRenderer.Render(new PromptState("> ", "日本x", 2), 80);

        Assert.Equal(6, column);
    }

    [Fact]
    public void Emoji_CountTwoColumns()
    {
        Assert.Equal(2, TextWidth.Of("😀"));
        Assert.Equal(1, TextWidth.Of("é"));
        Assert.Equal(1, TextWidth.Of("e\u0301"));
    }
}

using OrleansChat.Cli.Input;
using OrleansChat.Cli.Tests.Fakes;

namespace OrleansChat.Cli.Tests.Unit;

public sealed class LineEditorTests
{
    private readonly LineEditor _editor = new();

    [Fact]
    public void Typing_InsertsAtTheCursor()
    {
        Type("helo");
        Press(ConsoleKey.LeftArrow);
        Type("l");

        Assert.Equal("hello", _editor.Text);
        Assert.Equal(4, _editor.Cursor);
    }

    [Fact]
    public void Enter_SubmitsAndStartsAnEmptyLine()
    {
        Type("hi");

        Assert.Equal(EditorAction.Submit, _editor.Apply(FakeKeySource.Enter));
        Assert.Equal("hi", _editor.TakeLine());
        Assert.Equal(string.Empty, _editor.Text);
        Assert.Equal(0, _editor.Cursor);
    }

    [Fact]
    public void Backspace_AtTheStart_DoesNothing()
    {
        Type("ab");
        Press(ConsoleKey.Home);

        Assert.Equal(EditorAction.None, _editor.Apply(FakeKeySource.Special(ConsoleKey.Backspace)));
        Assert.Equal("ab", _editor.Text);
    }

    [Fact]
    public void BackspaceAndDelete_RemoveAroundTheCursor()
    {
        Type("abcd");
        Press(ConsoleKey.LeftArrow);
        Press(ConsoleKey.LeftArrow);
        Press(ConsoleKey.Backspace);
        Press(ConsoleKey.Delete);

        Assert.Equal("ad", _editor.Text);
        Assert.Equal(1, _editor.Cursor);
    }

    [Fact]
    public void SurrogatePairs_AreOneCharacterForEditing()
    {
        _editor.Apply(new ConsoleKeyInfo('\ud83d', 0, false, false, false));
        _editor.Apply(new ConsoleKeyInfo('\ude00', 0, false, false, false));
        Type("x");
        Press(ConsoleKey.LeftArrow);
        Press(ConsoleKey.LeftArrow);

        Assert.Equal("😀x", _editor.Text);
        Assert.Equal(0, _editor.Cursor);
        Press(ConsoleKey.Delete);
        Assert.Equal("x", _editor.Text);
    }

    [Fact]
    public void ControlKeys_EditLikeReadline()
    {
        Type("one two three");
        _editor.Apply(FakeKeySource.Control('w'));
        Assert.Equal("one two ", _editor.Text);

        _editor.Apply(FakeKeySource.Control('a'));
        Assert.Equal(0, _editor.Cursor);
        _editor.Apply(FakeKeySource.Control('k'));
        Assert.Equal(string.Empty, _editor.Text);

        Type("abc");
        _editor.Apply(FakeKeySource.Control('b'));
        _editor.Apply(FakeKeySource.Control('u'));
        Assert.Equal("c", _editor.Text);
        _editor.Apply(FakeKeySource.Control('e'));
        Assert.Equal(1, _editor.Cursor);
    }

    [Fact]
    public void CtrlC_DropsTheLine_ThenQuitsOnAnEmptyOne()
    {
        Type("oops");

        Assert.Equal(EditorAction.Changed, _editor.Apply(FakeKeySource.Control('c')));
        Assert.Equal(string.Empty, _editor.Text);
        Assert.Equal(EditorAction.EndOfInput, _editor.Apply(FakeKeySource.Control('c')));
    }

    [Fact]
    public void CtrlD_QuitsOnlyOnAnEmptyLine()
    {
        Type("ab");
        Press(ConsoleKey.Home);

        Assert.Equal(EditorAction.Changed, _editor.Apply(FakeKeySource.Control('d')));
        Assert.Equal("b", _editor.Text);
        _editor.Apply(FakeKeySource.Control('d'));
        Assert.Equal(EditorAction.EndOfInput, _editor.Apply(FakeKeySource.Control('d')));
    }

    [Fact]
    public void UpAndDown_WalkThroughEarlierLines_KeepingTheDraft()
    {
        Submit("first");
        Submit("second");
        Type("draft");

        Press(ConsoleKey.UpArrow);
        Assert.Equal("second", _editor.Text);
        Press(ConsoleKey.UpArrow);
        Assert.Equal("first", _editor.Text);
        Assert.Equal(EditorAction.None, _editor.Apply(FakeKeySource.Special(ConsoleKey.UpArrow)));
        Press(ConsoleKey.DownArrow);
        Press(ConsoleKey.DownArrow);
        Assert.Equal("draft", _editor.Text);
    }

    [Fact]
    public void TabAndEscape_AreNotText()
    {
        Assert.Equal(EditorAction.None, _editor.Apply(new ConsoleKeyInfo('\t', ConsoleKey.Tab, false, false, false)));
        Assert.Equal(EditorAction.None, _editor.Apply(new ConsoleKeyInfo('\u001b', ConsoleKey.Escape, false, false, false)));
        Assert.Equal(string.Empty, _editor.Text);
    }

    private void Type(string text)
    {
        foreach (var c in text)
        {
            _editor.Apply(FakeKeySource.Key(c));
        }
    }

    private void Press(ConsoleKey key) => _editor.Apply(FakeKeySource.Special(key));

    private void Submit(string text)
    {
        Type(text);
        _editor.Apply(FakeKeySource.Enter);
        _editor.TakeLine();
    }
}

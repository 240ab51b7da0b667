using System.Text;

namespace OrleansChat.Cli.Input;

/// <summary>An emacs-style single-line editor driven by keys from <c>Console.ReadKey(intercept: true)</c>:
/// insert anywhere, ←/→ (Ctrl-B/F), Home/End (Ctrl-A/E), Backspace, Delete, Ctrl-U/K (kill to start/end),
/// Ctrl-W (kill word), ↑/↓ through earlier lines, Enter to submit, Ctrl-C to drop the line, Ctrl-D on an empty
/// line to quit. It only holds state; the console writer draws it.</summary>
internal sealed class LineEditor
{
    public const int MaxHistory = 200;
    public const int MaxLineLength = 16 * 1024;

    private readonly StringBuilder _text = new();
    private readonly List<string> _history = [];
    private int _cursor;
    private int _historyIndex;
    private string? _draft;
    private char? _pendingHighSurrogate;

    public string Text => _text.ToString();

    /// <summary>The cursor as a UTF-16 index, always on a character boundary.</summary>
    public int Cursor => _cursor;

    public PromptState State(string prompt) => new(prompt, Text, _cursor);

    public EditorAction Apply(ConsoleKeyInfo key)
    {
        var control = (key.Modifiers & ConsoleModifiers.Control) != 0;
        switch (key.Key)
        {
            case ConsoleKey.Enter:
                return EditorAction.Submit;
            case ConsoleKey.Backspace:
                return DeleteBefore();
            case ConsoleKey.Delete:
                return DeleteAt();
            case ConsoleKey.LeftArrow:
                return Move(PreviousBoundary(_cursor));
            case ConsoleKey.RightArrow:
                return Move(NextBoundary(_cursor));
            case ConsoleKey.Home:
                return Move(0);
            case ConsoleKey.End:
                return Move(_text.Length);
            case ConsoleKey.UpArrow:
                return Recall(-1);
            case ConsoleKey.DownArrow:
                return Recall(+1);
        }

        switch (key.KeyChar)
        {
            case '\r' or '\n':
                return EditorAction.Submit;
            case '\b' or '\u007f':
                return DeleteBefore();
            case '\u0001':
                return Move(0);
            case '\u0005':
                return Move(_text.Length);
            case '\u0002':
                return Move(PreviousBoundary(_cursor));
            case '\u0006':
                return Move(NextBoundary(_cursor));
            case '\u0003':
                return Interrupt();
            case '\u0004':
                return _text.Length == 0 ? EditorAction.EndOfInput : DeleteAt();
            case '\u0015':
                return Kill(0, _cursor);
            case '\u000b':
                return Kill(_cursor, _text.Length);
            case '\u0017':
                return Kill(WordStart(), _cursor);
        }

        if (control && key.Key == ConsoleKey.C)
        {
            return Interrupt();
        }

        if (control && key.Key == ConsoleKey.D)
        {
            return _text.Length == 0 ? EditorAction.EndOfInput : DeleteAt();
        }

        return Insert(key.KeyChar);
    }

    /// <summary>Returns the submitted line, remembers it for ↑, and starts a new empty one.</summary>
    public string TakeLine()
    {
        var line = Text;
        if (line.Length > 0 && (_history.Count == 0 || _history[^1] != line))
        {
            _history.Add(line);
            if (_history.Count > MaxHistory)
            {
                _history.RemoveAt(0);
            }
        }

        Clear();
        return line;
    }

    public void Clear()
    {
        _text.Clear();
        _cursor = 0;
        _historyIndex = _history.Count;
        _draft = null;
        _pendingHighSurrogate = null;
    }

    private EditorAction Insert(char c)
    {
        if (char.IsHighSurrogate(c))
        {
            // The low half comes as the next key.
            _pendingHighSurrogate = c;
            return EditorAction.None;
        }

        string insert;
        if (char.IsLowSurrogate(c) && _pendingHighSurrogate is { } high)
        {
            insert = new string([high, c]);
        }
        else if (c < ' ' || c == '\u007f' || char.IsSurrogate(c))
        {
            // Other control keys (Tab, Esc, function keys) and stray surrogate halves are not text.
            _pendingHighSurrogate = null;
            return EditorAction.None;
        }
        else
        {
            insert = c.ToString();
        }

        _pendingHighSurrogate = null;
        if (_text.Length + insert.Length > MaxLineLength)
        {
            return EditorAction.None;
        }

        _text.Insert(_cursor, insert);
        _cursor += insert.Length;
        return EditorAction.Changed;
    }

    private EditorAction Interrupt()
    {
        if (_text.Length == 0)
        {
            return EditorAction.EndOfInput;
        }

        Clear();
        return EditorAction.Changed;
    }

    private EditorAction DeleteBefore()
    {
        if (_cursor == 0)
        {
            return EditorAction.None;
        }

        var start = PreviousBoundary(_cursor);
        _text.Remove(start, _cursor - start);
        _cursor = start;
        return EditorAction.Changed;
    }

    private EditorAction DeleteAt()
    {
        if (_cursor >= _text.Length)
        {
            return EditorAction.None;
        }

        _text.Remove(_cursor, NextBoundary(_cursor) - _cursor);
        return EditorAction.Changed;
    }

    private EditorAction Kill(int start, int end)
    {
        if (end <= start)
        {
            return EditorAction.None;
        }

        _text.Remove(start, end - start);
        _cursor = start;
        return EditorAction.Changed;
    }

    private EditorAction Move(int position)
    {
        if (position == _cursor)
        {
            return EditorAction.None;
        }

        _cursor = position;
        return EditorAction.Changed;
    }

    private EditorAction Recall(int direction)
    {
        var index = _historyIndex + direction;
        if (index < 0 || index > _history.Count)
        {
            return EditorAction.None;
        }

        if (_historyIndex == _history.Count)
        {
            _draft = Text;
        }

        _historyIndex = index;
        var text = index == _history.Count ? _draft ?? string.Empty : _history[index];
        _text.Clear().Append(text);
        _cursor = _text.Length;
        return EditorAction.Changed;
    }

    /// <summary>The start of the word before the cursor (skipping spaces first), as in readline's Ctrl-W.</summary>
    private int WordStart()
    {
        var position = _cursor;
        while (position > 0 && _text[position - 1] == ' ')
        {
            position--;
        }

        while (position > 0 && _text[position - 1] != ' ')
        {
            position--;
        }

        return position;
    }

    private int PreviousBoundary(int position)
    {
        if (position <= 0)
        {
            return 0;
        }

        return position >= 2 && char.IsLowSurrogate(_text[position - 1]) && char.IsHighSurrogate(_text[position - 2])
            ? position - 2
            : position - 1;
    }

    private int NextBoundary(int position)
    {
        if (position >= _text.Length)
        {
            return _text.Length;
        }

        return position + 1 < _text.Length && char.IsHighSurrogate(_text[position]) && char.IsLowSurrogate(_text[position + 1])
            ? position + 2
            : position + 1;
    }
}

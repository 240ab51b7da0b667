namespace OrleansChat.Cli.Input;

/// <summary>What a key did to the line being edited.</summary>
internal enum EditorAction
{
    /// <summary>Nothing visible changed.</summary>
    None,

    /// <summary>The text or the cursor changed: redraw the prompt line.</summary>
    Changed,

    /// <summary>Enter: the line is ready (<see cref="LineEditor.TakeLine"/>).</summary>
    Submit,

    /// <summary>Ctrl-D on an empty line, or Ctrl-C on an empty line: the user is done.</summary>
    EndOfInput,
}

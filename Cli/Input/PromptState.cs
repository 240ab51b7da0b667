namespace OrleansChat.Cli.Input;

/// <summary>What the prompt line shows: the prompt, the text typed so far, and where the cursor is in it
/// (a UTF-16 index on a character boundary).</summary>
internal sealed record PromptState(string Prompt, string Text, int Cursor)
{
    public static PromptState Empty(string prompt) => new(prompt, string.Empty, 0);
}

using System.Text;
using OrleansChat.Cli.Input;

namespace OrleansChat.Cli.Output;

/// <summary>Fits the prompt line into one terminal row: when the text is wider than the row it scrolls
/// sideways so the cursor stays visible. One row means "clear line, print, redraw" always works.</summary>
internal static class PromptRenderer
{
    /// <param name="state">The prompt and the typed text.</param>
    /// <param name="columns">The terminal's width.</param>
    /// <returns>What to print after clearing the line, and the column to put the cursor at.</returns>
    public static (string Line, int CursorColumn) Render(PromptState state, int columns)
    {
        var promptWidth = TextWidth.Of(state.Prompt);
        // The last column stays empty: writing into it makes some terminals wrap.
        var available = Math.Max(1, columns - promptWidth - 1);

        var runes = new List<(string Text, int Width, int Offset)>();
        var offset = 0;
        var cursorIndex = -1;
        foreach (var rune in state.Text.EnumerateRunes())
        {
            if (offset >= state.Cursor && cursorIndex < 0)
            {
                cursorIndex = runes.Count;
            }

            runes.Add((rune.ToString(), TextWidth.Of(rune), offset));
            offset += rune.Utf16SequenceLength;
        }

        if (cursorIndex < 0)
        {
            cursorIndex = runes.Count;
        }

        // Start as far left as possible while the cursor (plus one cell for it) still fits.
        var start = 0;
        var widthToCursor = runes.Take(cursorIndex).Sum(r => r.Width);
        while (start < cursorIndex && widthToCursor + 1 > available)
        {
            widthToCursor -= runes[start].Width;
            start++;
        }

        var builder = new StringBuilder(state.Prompt);
        var used = 0;
        for (var i = start; i < runes.Count && used + runes[i].Width <= available; i++)
        {
            builder.Append(runes[i].Text);
            used += runes[i].Width;
        }

        return (builder.ToString(), promptWidth + widthToCursor);
    }
}

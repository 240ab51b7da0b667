using System.Text;

namespace OrleansChat.Cli.Output;

/// <summary>Makes text from the network safe to print: no escape sequences or control characters can reach
/// the terminal (a message must not move the cursor or change colours), and it is split into lines.</summary>
internal static class TextSanitizer
{
    public static IReadOnlyList<string> Lines(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            lines[i] = Clean(lines[i]);
        }

        return lines;
    }

    /// <summary>One line: tabs become spaces, other control characters (C0, DEL, C1) become '?'.</summary>
    public static string Clean(string text)
    {
        var needsWork = false;
        foreach (var c in text)
        {
            if (IsControl(c))
            {
                needsWork = true;
                break;
            }
        }

        if (!needsWork)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '\t' => ' ',
                _ when IsControl(c) => '?',
                _ => c,
            });
        }

        return builder.ToString();
    }

    private static bool IsControl(char c) => c < ' ' || c is >= '\u007f' and <= '\u009f';
}

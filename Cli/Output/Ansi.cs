using System.Text;

namespace OrleansChat.Cli.Output;

/// <summary>The few ANSI/VT100 sequences the CLI uses, and the one place that decides whether to use them.</summary>
internal sealed class Ansi(bool enabled)
{
    public const string Escape = "\u001b[";
    public const string Reset = "\u001b[0m";

    /// <summary>Carriage return, then erase the whole line: the prompt line is redrawn from column 0.</summary>
    public const string ClearLine = "\r\u001b[2K";

    public static readonly Ansi Plain = new(false);

    /// <summary>The 12 foreground colours that read well on dark and light backgrounds.</summary>
    private static readonly int[] UserPalette = [31, 32, 33, 34, 35, 36, 91, 92, 93, 94, 95, 96];

    public bool Enabled => enabled;

    public static string CursorForward(int columns) => columns > 0 ? $"{Escape}{columns}C" : string.Empty;

    public string Bold(string text) => Wrap("1", text);

    public string Dim(string text) => Wrap("2", text);

    public string Red(string text) => Wrap("31", text);

    public string Yellow(string text) => Wrap("33", text);

    public string Cyan(string text) => Wrap("36", text);

    /// <summary>The user's colour, the same on every run and every machine (FNV-1a of the user id, not string.GetHashCode).</summary>
    public string User(string userId, string text) => Wrap("1;" + UserColorCode(userId), text);

    public static int UserColorCode(string userId)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(userId))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return UserPalette[hash % (uint)UserPalette.Length];
    }

    private string Wrap(string code, string text) => enabled ? $"{Escape}{code}m{text}{Reset}" : text;
}

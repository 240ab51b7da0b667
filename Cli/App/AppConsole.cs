using OrleansChat.Cli.Input;

namespace OrleansChat.Cli.App;

/// <summary>The console the app runs on: the real one, or one a test makes from strings. <see cref="NoColor"/>
/// follows the <c>NO_COLOR</c> convention (no colours; the prompt line still works).</summary>
internal sealed record AppConsole(
    TextReader In,
    TextWriter Out,
    TextWriter Error,
    bool IsInputRedirected,
    bool IsOutputRedirected,
    Func<int> Columns,
    Func<IKeySource> Keys,
    bool NoColor = false)
{
    public static AppConsole System() => new(
        Console.In,
        Console.Out,
        Console.Error,
        Console.IsInputRedirected,
        Console.IsOutputRedirected,
        WindowWidth,
        () => new ConsoleKeySource(),
        NoColor: Environment.GetEnvironmentVariable("NO_COLOR") is { Length: > 0 });

    private static int WindowWidth()
    {
        try
        {
            return Console.WindowWidth;
        }
        catch (IOException)
        {
            return 80;
        }
    }
}

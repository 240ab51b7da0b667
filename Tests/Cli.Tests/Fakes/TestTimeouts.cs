namespace OrleansChat.Cli.Tests.Fakes;

/// <summary>How long a test waits for a signal before failing. Generous: these are ceilings, not expectations.</summary>
internal static class TestTimeouts
{
    public static readonly TimeSpan Signal = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan Process = TimeSpan.FromSeconds(30);
}

namespace OrleansChat.Cli.Tests.EndToEnd;

/// <summary>Ceilings for waits on real processes (a cold `dotnet` start on a busy 2-core machine takes seconds).</summary>
internal static class TestTimeoutsE2E
{
    public static readonly TimeSpan ServerStart = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan ServerStop = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan Line = TimeSpan.FromSeconds(20);
    public static readonly TimeSpan Exit = TimeSpan.FromSeconds(20);
}

namespace OrleansChat.Chat.Tests.Grains;

/// <summary>How long tests wait for a signal before failing. Generous: CI machines are small and shared.</summary>
internal static class TestTimeouts
{
    public static readonly TimeSpan Signal = TimeSpan.FromSeconds(30);
}

namespace OrleansChat.Grpc.Tests.Infrastructure;

/// <summary>How long a test waits on a signal before it fails; generous, since builds share two cores.</summary>
internal static class TestTimeouts
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(30);
}

namespace OrleansChat.Runtime.Tests.Infrastructure;

/// <summary>Upper bounds for waiting on signals; a test that hits one has failed, none measures time.</summary>
internal static class TestTimeouts
{
    public static readonly TimeSpan Signal = TimeSpan.FromSeconds(20);

    /// <summary>Waits for a signal, failing the test if it never comes.</summary>
    public static Task WaitSignal(this Task task) => task.WaitAsync(Signal);

    /// <summary>Waits for a signal, failing the test if it never comes.</summary>
    public static Task<T> WaitSignal<T>(this Task<T> task) => task.WaitAsync(Signal);
}

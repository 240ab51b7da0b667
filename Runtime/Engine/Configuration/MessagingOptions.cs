namespace OrleansChat.Runtime.Configuration;

/// <summary>Options of grain calls.</summary>
public sealed class MessagingOptions
{
    /// <summary>
    /// How long a caller waits for a grain call's response before it fails with <see cref="TimeoutException"/>
    /// (a non-reentrant call cycle, A → B → A, ends this way, as in Orleans). Default 30 seconds.
    /// </summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

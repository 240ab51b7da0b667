namespace OrleansChat.Runtime.Configuration;

/// <summary>Options of the silo as a whole.</summary>
public sealed class SiloOptions
{
    /// <summary>The silo's name, used in logs and in its <c>SiloAddress</c>. Default "silo".</summary>
    public string SiloName { get; set; } = "silo";

    /// <summary>
    /// How long a graceful stop may take to deactivate every activation (running OnDeactivateAsync) before
    /// the rest are abandoned. Default 30 seconds.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

namespace OrleansChat.Runtime.Configuration;

/// <summary>Options of observer references made by <c>IGrainFactory.CreateObjectReference</c>.</summary>
public sealed class ObserverOptions
{
    /// <summary>
    /// The most calls queued for one observer reference; calls beyond fail with <c>GrainOverloadedException</c>
    /// (so <c>ObserverManager</c> drops the observer). Default 1 000.
    /// </summary>
    public int QueueCapacity { get; set; } = 1_000;

    /// <summary>The most observer references alive in the process at once. Default 100 000.</summary>
    public int MaxObjectReferences { get; set; } = 100_000;
}

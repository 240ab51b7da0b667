namespace OrleansChat.Runtime.Configuration;

/// <summary>Options of activation lifetime (Orleans' <c>GrainCollectionOptions</c>).</summary>
public sealed class GrainCollectionOptions
{
    /// <summary>
    /// An activation that processed no call for this long is deactivated, unless it keeps itself alive
    /// (<c>Grain.KeepAlive</c>, stream subscriptions). Default 15 minutes.
    /// </summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often the collector looks for idle activations. Default 1 minute.</summary>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long activation (state load + OnActivateAsync) may take before it fails. Default 30 seconds.</summary>
    public TimeSpan ActivationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long OnDeactivateAsync may take before its cancellation token fires. Default 30 seconds.</summary>
    public TimeSpan DeactivationTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

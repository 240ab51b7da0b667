namespace OrleansChat.Runtime;

/// <summary>Implemented by the proxies the engine returns from <see cref="IGrainFactory.GetGrain{TGrainInterface}"/>.</summary>
internal interface IGrainReference
{
    /// <summary>The identity of the referenced grain.</summary>
    GrainId GrainId { get; }
}

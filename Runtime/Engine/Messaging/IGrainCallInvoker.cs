namespace OrleansChat.Runtime.Messaging;

/// <summary>
/// Delivers a call from a grain reference to its target. The proxy only knows this interface, so a call can be
/// routed to a local activation now and to another silo later.
/// </summary>
internal interface IGrainCallInvoker
{
    /// <summary>Runs <paramref name="method"/> on the grain with already-copied <paramref name="arguments"/>.</summary>
    Task<object?> InvokeAsync(GrainId grainId, GrainMethodDescriptor method, object?[] arguments, CancellationToken cancellationToken);
}

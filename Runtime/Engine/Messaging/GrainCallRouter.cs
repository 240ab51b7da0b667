using OrleansChat.Runtime.Placement;

namespace OrleansChat.Runtime.Messaging;

/// <summary>
/// The invoker behind every grain reference: asks placement where the grain lives and hands the call to the
/// local invoker (a remote invoker joins when silos form a cluster).
/// </summary>
internal sealed class GrainCallRouter(IPlacementDirector placement, ILocalSiloDetails localSilo, LocalGrainInvoker local) : IGrainCallInvoker
{
    public Task<object?> InvokeAsync(GrainId grainId, GrainMethodDescriptor method, object?[] arguments, CancellationToken cancellationToken)
    {
        var placed = placement.PlaceAsync(grainId, cancellationToken);
        if (placed.IsCompletedSuccessfully)
        {
            // Sync fast path: local placement completes synchronously, so no state machine per call.
            return Route(placed.Result, grainId, method, arguments, cancellationToken);
        }

        return RouteAsync(placed, grainId, method, arguments, cancellationToken);
    }

    private async Task<object?> RouteAsync(ValueTask<SiloAddress> placed, GrainId grainId, GrainMethodDescriptor method, object?[] arguments, CancellationToken cancellationToken) =>
        await Route(await placed.ConfigureAwait(false), grainId, method, arguments, cancellationToken).ConfigureAwait(false);

    private Task<object?> Route(SiloAddress silo, GrainId grainId, GrainMethodDescriptor method, object?[] arguments, CancellationToken cancellationToken)
    {
        if (silo == localSilo.SiloAddress)
        {
            return local.InvokeAsync(grainId, method, arguments, cancellationToken);
        }

        return Task.FromException<object?>(new SiloUnavailableException(
            "Grain " + grainId + " is placed on silo " + silo + "; calls to other silos are not supported by this runtime yet."));
    }
}

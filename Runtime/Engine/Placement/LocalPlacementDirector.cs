namespace OrleansChat.Runtime.Placement;

/// <summary>Places every grain on the local silo.</summary>
internal sealed class LocalPlacementDirector(ILocalSiloDetails localSilo) : IPlacementDirector
{
    public ValueTask<SiloAddress> PlaceAsync(GrainId grainId, CancellationToken cancellationToken) => new(localSilo.SiloAddress);
}

namespace OrleansChat.Runtime.Placement;

/// <summary>
/// Decides which silo hosts a grain's activation. The single-silo runtime places everything locally; a cluster
/// places by hashing the grain id over active silos and consults the grain directory.
/// </summary>
public interface IPlacementDirector
{
    /// <summary>The silo that hosts (or will host) the activation of <paramref name="grainId"/>.</summary>
    ValueTask<SiloAddress> PlaceAsync(GrainId grainId, CancellationToken cancellationToken);
}

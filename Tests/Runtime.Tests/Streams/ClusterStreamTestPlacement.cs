using System.Collections.Concurrent;
using OrleansChat.Runtime.Placement;

namespace OrleansChat.Runtime.Tests.Streams;

/// <summary>A placement director the test programs grain by grain; it records every grain id it was asked about.</summary>
internal sealed class ClusterStreamTestPlacement : IPlacementDirector
{
    private readonly ConcurrentDictionary<GrainId, SiloAddress> _places = new();
    private readonly ConcurrentQueue<GrainId> _asked = new();

    public IReadOnlyCollection<GrainId> Asked => _asked;

    public void Place(GrainId grainId, SiloAddress silo) => _places[grainId] = silo;

    public ValueTask<SiloAddress> PlaceAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        _asked.Enqueue(grainId);
        return _places.TryGetValue(grainId, out var silo)
            ? new ValueTask<SiloAddress>(silo)
            : throw new InvalidOperationException("The test placed no grain " + grainId + ".");
    }
}

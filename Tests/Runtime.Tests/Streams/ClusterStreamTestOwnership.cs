using System.Collections.Concurrent;
using OrleansChat.Runtime.Placement;
using OrleansChat.Runtime.Streams;

namespace OrleansChat.Runtime.Tests.Streams;

/// <summary>Stream ownership the test assigns stream by stream (shared by every silo and client of a harness).</summary>
internal sealed class ClusterStreamTestOwnership : IStreamOwnership
{
    private readonly ConcurrentDictionary<StreamId, SiloAddress> _owners = new();

    public void Assign(StreamId streamId, SiloAddress owner) => _owners[streamId] = owner;

    /// <summary>No silo can own the stream any more (as hash placement says when no silo is active).</summary>
    public void Unassign(StreamId streamId) => _owners.TryRemove(streamId, out _);

    public ValueTask<SiloAddress> GetOwnerAsync(string providerName, StreamId streamId, CancellationToken cancellationToken) =>
        _owners.TryGetValue(streamId, out var owner)
            ? new ValueTask<SiloAddress>(owner)
            : throw new SiloUnavailableException("The test assigned no owner to stream " + streamId + ".");
}

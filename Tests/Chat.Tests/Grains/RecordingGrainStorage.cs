using OrleansChat.Runtime;

namespace OrleansChat.Chat.Tests.Grains;

/// <summary>
/// A grain storage that hands every call to another one, records which states each grain writes (in order) and can
/// fail a chosen write, for tests of what a grain stores and how it recovers.
/// </summary>
internal sealed class RecordingGrainStorage(IGrainStorage inner) : IGrainStorage
{
    /// <summary>The name under which the storage that really keeps the records is registered.</summary>
    public const string InnerName = "recorded";

    private readonly Lock _gate = new();
    private readonly Dictionary<GrainId, List<string>> _writes = [];
    private readonly HashSet<(GrainId GrainId, string StateName)> _failNext = [];

    /// <summary>The states the grain wrote since the last call (or the start), in order; forgets them.</summary>
    public IReadOnlyList<string> TakeWrites(GrainId grainId)
    {
        lock (_gate)
        {
            return _writes.Remove(grainId, out var writes) ? writes : [];
        }
    }

    /// <summary>Makes the next write of the grain's state fail (nothing is stored).</summary>
    public void FailNextWrite(GrainId grainId, string stateName)
    {
        lock (_gate)
        {
            _failNext.Add((grainId, stateName));
        }
    }

    public Task<GrainStateRecord?> ReadAsync(GrainId grainId, string stateName, CancellationToken cancellationToken) =>
        inner.ReadAsync(grainId, stateName, cancellationToken);

    public Task<string> WriteAsync(GrainId grainId, string stateName, ReadOnlyMemory<byte> payload, string? expectedEtag, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_failNext.Remove((grainId, stateName)))
            {
                throw new IOException("Injected failure writing " + grainId + " state '" + stateName + "'.");
            }

            if (!_writes.TryGetValue(grainId, out var writes))
            {
                writes = [];
                _writes.Add(grainId, writes);
            }

            writes.Add(stateName);
        }

        return inner.WriteAsync(grainId, stateName, payload, expectedEtag, cancellationToken);
    }

    public Task ClearAsync(GrainId grainId, string stateName, string? expectedEtag, CancellationToken cancellationToken) =>
        inner.ClearAsync(grainId, stateName, expectedEtag, cancellationToken);
}

using System.Globalization;
using Microsoft.Extensions.Logging;

namespace OrleansChat.Runtime.Storage;

/// <summary>Grain storage in a dictionary, with the same etag rules as the durable providers.</summary>
internal sealed class MemoryGrainStorage(string name, MemoryGrainStorageOptions options, ILogger logger) : IGrainStorage
{
    private static long _lastEtag;

    private readonly Dictionary<(GrainId GrainId, string StateName), GrainStateRecord> _records = [];
    private readonly Lock _gate = new();

    public Task<GrainStateRecord?> ReadAsync(GrainId grainId, string stateName, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_records.GetValueOrDefault((grainId, stateName)));
        }
    }

    public Task<string> WriteAsync(GrainId grainId, string stateName, ReadOnlyMemory<byte> payload, string? expectedEtag, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var etag = Interlocked.Increment(ref _lastEtag).ToString(CultureInfo.InvariantCulture);
        lock (_gate)
        {
            var current = _records.GetValueOrDefault((grainId, stateName));
            Check(grainId, stateName, expectedEtag, current);
            if (current is null && _records.Count >= options.MaxRecords)
            {
                throw new InvalidOperationException(
                    "Memory grain storage '" + name + "' holds MemoryGrainStorageOptions.MaxRecords (" + options.MaxRecords + ") records.");
            }

            _records[(grainId, stateName)] = new GrainStateRecord(payload.ToArray(), etag);
        }

        StorageLog.Written(logger, name, grainId, stateName, etag);
        return Task.FromResult(etag);
    }

    public Task ClearAsync(GrainId grainId, string stateName, string? expectedEtag, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            Check(grainId, stateName, expectedEtag, _records.GetValueOrDefault((grainId, stateName)));
            _records.Remove((grainId, stateName));
        }

        return Task.CompletedTask;
    }

    private static void Check(GrainId grainId, string stateName, string? expectedEtag, GrainStateRecord? current)
    {
        if (!string.Equals(current?.Etag, expectedEtag, StringComparison.Ordinal))
        {
            throw new InconsistentStateException(grainId, stateName, expectedEtag, current?.Etag);
        }
    }
}

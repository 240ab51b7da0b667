namespace OrleansChat.Runtime;

/// <summary>
/// A grain storage provider, registered in DI as a keyed service by provider name ("Default", …).
/// Records are keyed by (grain type, grain key, state name). Implementations must enforce the etag:
/// a write or clear whose <c>expectedEtag</c> differs from the stored one (null meaning "no record")
/// throws <see cref="InconsistentStateException"/>.
/// </summary>
public interface IGrainStorage
{
    /// <summary>Reads a record, or null when none exists.</summary>
    Task<GrainStateRecord?> ReadAsync(GrainId grainId, string stateName, CancellationToken cancellationToken);

    /// <summary>Writes a record and returns its new etag.</summary>
    Task<string> WriteAsync(GrainId grainId, string stateName, ReadOnlyMemory<byte> payload, string? expectedEtag, CancellationToken cancellationToken);

    /// <summary>Deletes a record (no-op when none exists and <paramref name="expectedEtag"/> is null).</summary>
    Task ClearAsync(GrainId grainId, string stateName, string? expectedEtag, CancellationToken cancellationToken);
}

using Google.Protobuf;

namespace OrleansChat.Runtime;

/// <summary>
/// A named piece of grain state kept by a storage provider, injected into a grain constructor through a
/// parameter marked <see cref="PersistentStateAttribute"/>. It is read before <see cref="Grain.OnActivateAsync"/>;
/// writes use optimistic concurrency on <see cref="Etag"/>.
/// </summary>
/// <typeparam name="TState">A protobuf message.</typeparam>
public interface IPersistentState<TState>
    where TState : class, IMessage<TState>, new()
{
    /// <summary>The state; a new empty message when nothing is stored.</summary>
    TState State { get; set; }

    /// <summary>The version tag of the stored record, or null when none exists.</summary>
    string? Etag { get; }

    /// <summary>Whether a record exists in storage.</summary>
    bool RecordExists { get; }

    /// <summary>Reads the state from storage, replacing <see cref="State"/>.</summary>
    Task ReadStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Writes <see cref="State"/>.</summary>
    /// <exception cref="InconsistentStateException">The stored etag differs from <see cref="Etag"/>.</exception>
    Task WriteStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Deletes the stored record and resets <see cref="State"/> to an empty message.</summary>
    /// <exception cref="InconsistentStateException">The stored etag differs from <see cref="Etag"/>.</exception>
    Task ClearStateAsync(CancellationToken cancellationToken = default);
}

namespace OrleansChat.Runtime;

/// <summary>Creates references to grains and to client-side observers.</summary>
public interface IGrainFactory
{
    /// <summary>
    /// Returns a reference to the grain of interface <typeparamref name="TGrainInterface"/> with the given key.
    /// No call is made; the grain is activated by its first call.
    /// </summary>
    /// <exception cref="InvalidGrainInterfaceException">The interface breaks the grain interface rules.</exception>
    /// <exception cref="ArgumentException">No registered grain class implements the interface.</exception>
    TGrainInterface GetGrain<TGrainInterface>(string key)
        where TGrainInterface : IGrainWithStringKey;

    /// <summary>
    /// Turns a local object into an observer reference that can be passed to grains. Calls on the
    /// reference are delivered to <paramref name="obj"/> in order, on the thread pool (never inside a grain's turn).
    /// The reference keeps <paramref name="obj"/> alive until <see cref="DeleteObjectReference{TObserver}"/>.
    /// </summary>
    TObserver CreateObjectReference<TObserver>(TObserver obj)
        where TObserver : IGrainObserver;

    /// <summary>Deletes a reference made by <see cref="CreateObjectReference{TObserver}"/>; later calls on it fail.</summary>
    void DeleteObjectReference<TObserver>(TObserver reference)
        where TObserver : IGrainObserver;
}

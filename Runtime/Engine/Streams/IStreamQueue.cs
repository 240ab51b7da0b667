namespace OrleansChat.Runtime.Streams;

/// <summary>The untyped face of a stream's state, so the provider can keep streams of different item types.</summary>
internal interface IStreamQueue
{
    Type ItemType { get; }

    /// <summary>Ends every subscription without notifying observers (provider shutdown).</summary>
    void StopAll();
}

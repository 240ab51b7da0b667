using Google.Protobuf;

namespace OrleansChat.Runtime.Streams;

/// <summary>
/// A named stream provider, registered in DI as a keyed service by its name
/// (get it with <see cref="StreamProviderExtensions.GetStreamProvider(Grain, string)"/>).
/// </summary>
public interface IStreamProvider
{
    /// <summary>The provider's registered name.</summary>
    string Name { get; }

    /// <summary>Returns the stream with the given id. One stream carries one item type.</summary>
    IAsyncStream<T> GetStream<T>(StreamId streamId)
        where T : class, IMessage<T>, new();
}

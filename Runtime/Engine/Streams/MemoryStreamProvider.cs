using System.Collections.Concurrent;
using Google.Protobuf;
using Microsoft.Extensions.Logging;

namespace OrleansChat.Runtime.Streams;

/// <summary>
/// In-memory streams with push delivery (no polling), per-stream sequence tokens, a bounded rewind cache and
/// bounded per-subscriber queues. Streams live as long as the silo.
/// </summary>
internal sealed class MemoryStreamProvider(string name, MemoryStreamOptions options, ILogger logger) : IStreamProvider, IDisposable
{
    private readonly ConcurrentDictionary<StreamId, IStreamQueue> _streams = new();

    public string Name => name;

    public IAsyncStream<T> GetStream<T>(StreamId streamId)
        where T : class, IMessage<T>, new()
    {
        if (!_streams.TryGetValue(streamId, out var queue))
        {
            if (_streams.Count >= options.MaxStreams)
            {
                throw new InvalidOperationException(
                    "Stream provider '" + name + "' already holds MemoryStreamOptions.MaxStreams (" + options.MaxStreams + ") streams.");
            }

            queue = _streams.GetOrAdd(streamId, id => new StreamQueue<T>(id, options, logger));
        }

        if (queue is not StreamQueue<T> typed)
        {
            throw new InvalidOperationException(
                "Stream " + streamId + " of provider '" + name + "' carries " + queue.ItemType.Name + " items, not " + typeof(T).Name + ".");
        }

        return new MemoryAsyncStream<T>(name, typed);
    }

    public void Dispose()
    {
        foreach (var queue in _streams.Values)
        {
            queue.StopAll();
        }
    }
}

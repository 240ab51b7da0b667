namespace OrleansChat.Grpc.Server.Internal;

/// <summary>The request stream of a client-streaming or duplex call, read one message at a time.</summary>
internal sealed class HttpContextStreamReader<T>(HttpContextServerCallContext call, Func<ReadOnlyMemory<byte>, T> deserializer)
    : IAsyncStreamReader<T>
{
    private T? _current;
    private bool _hasCurrent;
    private bool _completed;
    private int _reading;

    public T Current => _hasCurrent ? _current! : throw new InvalidOperationException("No current message: call MoveNext first.");

    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _reading, 1) == 1)
        {
            throw new InvalidOperationException("Can't read messages because the previous read is in progress.");
        }

        try
        {
            if (_completed)
            {
                return false;
            }

            var payload = await call.ReadMessageAsync(cancellationToken).ConfigureAwait(false);
            if (payload is null)
            {
                _completed = true;
                _hasCurrent = false;
                _current = default;
                return false;
            }

            _current = call.Deserialize(payload, deserializer);
            _hasCurrent = true;
            return true;
        }
        finally
        {
            Volatile.Write(ref _reading, 0);
        }
    }
}

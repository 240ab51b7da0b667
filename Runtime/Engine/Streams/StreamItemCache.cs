namespace OrleansChat.Runtime.Streams;

/// <summary>A fixed-size ring of a stream's most recent items and their sequence numbers. Not thread-safe: the stream's lock guards it.</summary>
internal sealed class StreamItemCache<T>(int capacity)
{
    private readonly (T Item, long Sequence)[] _ring = new (T, long)[capacity];
    private int _start;
    private int _count;

    public int Count => _count;

    /// <summary>The oldest cached sequence number; only valid when <see cref="Count"/> &gt; 0.</summary>
    public long OldestSequence => _ring[_start].Sequence;

    public void Add(T item, long sequence)
    {
        if (_count < _ring.Length)
        {
            _ring[(_start + _count) % _ring.Length] = (item, sequence);
            _count++;
            return;
        }

        _ring[_start] = (item, sequence);
        _start = (_start + 1) % _ring.Length;
    }

    /// <summary>The cached items with a sequence number of at least <paramref name="sequence"/>, oldest first.</summary>
    public (T Item, long Sequence)[] From(long sequence)
    {
        var result = new List<(T, long)>();
        for (var i = 0; i < _count; i++)
        {
            var entry = _ring[(_start + i) % _ring.Length];
            if (entry.Sequence >= sequence)
            {
                result.Add(entry);
            }
        }

        return [.. result];
    }
}

namespace OrleansChat.Bench.Load.Measure;

/// <summary>
/// Counts, for every message in flight, the recipients that still have to receive it, in a fixed ring indexed by
/// the message index. It tells the driver how many messages are incomplete (to stay below the server's per-session
/// queue bound instead of overrunning it) and, in closed-loop mode, releases a window slot when a message has
/// reached everyone. A message still incomplete when its slot is reused is counted as abandoned.
/// </summary>
internal sealed class DeliveryTracker
{
    private readonly long[] _indexes;
    private readonly long[] _registeredAt;
    private readonly int[] _remaining;
    private readonly int _mask;
    private long _lastIndex;
    private long _incomplete;
    private long _abandoned;
    private SemaphoreSlim? _window;

    public DeliveryTracker(int ringSizePowerOfTwo = 1 << 16)
    {
        if (ringSizePowerOfTwo <= 0 || (ringSizePowerOfTwo & (ringSizePowerOfTwo - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ringSizePowerOfTwo), "The ring size must be a power of two.");
        }

        _indexes = new long[ringSizePowerOfTwo];
        Array.Fill(_indexes, -1);
        _registeredAt = new long[ringSizePowerOfTwo];
        _remaining = new int[ringSizePowerOfTwo];
        _mask = ringSizePowerOfTwo - 1;
    }

    public int Capacity => _remaining.Length;

    /// <summary>Messages sent and not yet received by all their recipients.</summary>
    public long Incomplete => Volatile.Read(ref _incomplete);

    /// <summary>Messages given up on: their slot was reused or <see cref="AbandonAll"/> ran before they completed.</summary>
    public long Abandoned => Volatile.Read(ref _abandoned);

    /// <summary>A new message index, unique for the life of the tracker.</summary>
    public long NextIndex() => Interlocked.Increment(ref _lastIndex);

    /// <summary>Closed loop: at most <paramref name="size"/> incomplete messages; <see cref="WaitForSlotAsync"/> blocks beyond.</summary>
    public void UseWindow(int size) => _window = new SemaphoreSlim(size);

    public void ClearWindow() => _window = null;

    public Task<bool> WaitForSlotAsync(TimeSpan timeout, CancellationToken cancellationToken)
        => _window is { } window ? window.WaitAsync(timeout, cancellationToken) : Task.FromResult(true);

    /// <summary>Call before sending message <paramref name="index"/> to <paramref name="recipients"/> receivers.</summary>
    public void Register(long index, int recipients)
    {
        var slot = (int)(index & _mask);
        Abandon(slot);
        Volatile.Write(ref _indexes[slot], index);
        Volatile.Write(ref _registeredAt[slot], System.Diagnostics.Stopwatch.GetTimestamp());
        if (recipients <= 0)
        {
            _window?.Release();
            return;
        }

        Interlocked.Increment(ref _incomplete);
        Volatile.Write(ref _remaining[slot], recipients);
    }

    /// <summary>One recipient received message <paramref name="index"/>.</summary>
    public void Delivered(long index)
    {
        var slot = (int)(index & _mask);
        if (Volatile.Read(ref _indexes[slot]) != index)
        {
            return;
        }

        if (Interlocked.Decrement(ref _remaining[slot]) == 0)
        {
            Complete();
        }
    }

    /// <summary>The message was not sent after all (its client's outbox was full, its stream ended).</summary>
    public void Cancel(long index)
    {
        var slot = (int)(index & _mask);
        if (Volatile.Read(ref _indexes[slot]) == index && Interlocked.Exchange(ref _remaining[slot], 0) > 0)
        {
            Complete();
        }
    }

    /// <summary>Gives up on messages registered before <paramref name="timestamp"/> that are still incomplete: a
    /// recipient whose stream ended (cut off by the server) will never get them.</summary>
    public void AbandonOlderThan(long timestamp)
    {
        for (var slot = 0; slot < _remaining.Length; slot++)
        {
            if (Volatile.Read(ref _remaining[slot]) > 0 && Volatile.Read(ref _registeredAt[slot]) < timestamp)
            {
                Abandon(slot);
            }
        }
    }

    /// <summary>Gives up on every incomplete message (end of a phase whose drain timed out).</summary>
    public void AbandonAll()
    {
        for (var slot = 0; slot < _remaining.Length; slot++)
        {
            Abandon(slot);
        }
    }

    private void Abandon(int slot)
    {
        if (Volatile.Read(ref _remaining[slot]) > 0 && Interlocked.Exchange(ref _remaining[slot], 0) > 0)
        {
            Interlocked.Increment(ref _abandoned);
            Complete();
        }
    }

    private void Complete()
    {
        Interlocked.Decrement(ref _incomplete);
        _window?.Release();
    }
}

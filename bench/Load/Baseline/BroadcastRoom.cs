namespace OrleansChat.Bench.Load.Baseline;

/// <summary>The sessions in one room of the raw baseline (a copy-on-write array) and its next sequence number.</summary>
internal sealed class BroadcastRoom
{
    private readonly Lock _lock = new();
    private BroadcastSession[] _members = [];
    private long _lastSeq;

    public IReadOnlyList<BroadcastSession> Members => Volatile.Read(ref _members);

    public long LastSeq => Interlocked.Read(ref _lastSeq);

    public long NextSeq() => Interlocked.Increment(ref _lastSeq);

    public void Add(BroadcastSession session)
    {
        lock (_lock)
        {
            if (Array.IndexOf(_members, session) < 0)
            {
                Volatile.Write(ref _members, [.. _members, session]);
            }
        }
    }

    public void Remove(BroadcastSession session)
    {
        lock (_lock)
        {
            Volatile.Write(ref _members, [.. _members.Where(member => member != session)]);
        }
    }
}

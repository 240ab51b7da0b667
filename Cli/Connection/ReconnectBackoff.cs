namespace OrleansChat.Cli.Connection;

/// <summary>Exponential backoff with jitter for reconnects: attempt n waits a random time in
/// [d/2, d] where d = min(<see cref="Max"/>, <see cref="Initial"/> · 2^(n-1)), so clients that lost
/// the same server do not all come back at once, and no wait exceeds <see cref="Max"/>.</summary>
internal sealed class ReconnectBackoff(TimeSpan initial, TimeSpan max, Random random)
{
    public static readonly TimeSpan DefaultInitial = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan DefaultMax = TimeSpan.FromSeconds(10);

    private int _attempt;

    public ReconnectBackoff()
        : this(DefaultInitial, DefaultMax, Random.Shared)
    {
    }

    public TimeSpan Initial => initial;

    public TimeSpan Max => max;

    /// <summary>How many delays were handed out since the last <see cref="Reset"/>.</summary>
    public int Attempt => _attempt;

    public TimeSpan NextDelay()
    {
        _attempt++;
        var exponent = Math.Min(_attempt - 1, 30);
        var ceiling = Math.Min(max.TotalMilliseconds, initial.TotalMilliseconds * Math.Pow(2, exponent));
        var jittered = (ceiling / 2) + (random.NextDouble() * ceiling / 2);
        return TimeSpan.FromMilliseconds(jittered);
    }

    /// <summary>Called after a successful connection: the next failure starts from <see cref="Initial"/> again.</summary>
    public void Reset() => _attempt = 0;
}

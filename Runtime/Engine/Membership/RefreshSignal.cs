using System.Threading.Channels;

namespace OrleansChat.Runtime.Membership;

/// <summary>
/// Wakes a view's refresh loop early (a peer reported unreachable). Requests coalesce: one pending wake-up at most,
/// and the loop honours a minimum spacing between reads so a burst of reports costs one read.
/// </summary>
internal sealed class RefreshSignal
{
    private readonly Channel<bool> _wakeUps = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.DropWrite,
    });

    /// <summary>Asks for an early read; never blocks.</summary>
    public void Wake() => _wakeUps.Writer.TryWrite(true);

    /// <summary>
    /// Waits at least <paramref name="minimum"/>, then until woken or until <paramref name="period"/> has passed in all.
    /// </summary>
    public async Task WaitAsync(TimeSpan period, TimeSpan minimum, TimeProvider time, CancellationToken cancellationToken)
    {
        if (minimum > TimeSpan.Zero)
        {
            await Task.Delay(minimum, time, cancellationToken).ConfigureAwait(false);
        }

        var rest = period - minimum;
        if (rest > TimeSpan.Zero && !_wakeUps.Reader.TryPeek(out _))
        {
            using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var woken = _wakeUps.Reader.WaitToReadAsync(waiting.Token).AsTask();
            var elapsed = Task.Delay(rest, time, waiting.Token);
            await Task.WhenAny(woken, elapsed).ConfigureAwait(false);
            await waiting.CancelAsync().ConfigureAwait(false);
        }

        _wakeUps.Reader.TryRead(out _);
        cancellationToken.ThrowIfCancellationRequested();
    }
}

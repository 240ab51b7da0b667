using OrleansChat.Cli.Connection;

namespace OrleansChat.Cli.Tests.Unit;

public sealed class ReconnectBackoffTests
{
    [Fact]
    public void Delays_DoubleWithJitter_AndNeverExceedTheMaximum()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(10), new Random(42));

        var delays = Enumerable.Range(0, 12).Select(_ => backoff.NextDelay().TotalMilliseconds).ToList();

        for (var attempt = 0; attempt < delays.Count; attempt++)
        {
            var ceiling = Math.Min(10_000, 500 * Math.Pow(2, attempt));
            Assert.InRange(delays[attempt], ceiling / 2, ceiling);
        }

        Assert.Equal(12, backoff.Attempt);
    }

    [Fact]
    public void Jitter_SpreadsClientsThatFailedTogether()
    {
        var first = new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), new Random(1));
        var second = new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), new Random(2));

        Assert.NotEqual(first.NextDelay(), second.NextDelay());
    }

    [Fact]
    public void Reset_StartsAgainFromTheInitialDelay()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(10), new Random(7));
        for (var i = 0; i < 6; i++)
        {
            backoff.NextDelay();
        }

        backoff.Reset();

        Assert.InRange(backoff.NextDelay().TotalMilliseconds, 250, 500);
        Assert.Equal(1, backoff.Attempt);
    }
}

namespace OrleansChat.Runtime.Tests.Membership;

/// <summary>
/// The system clock and timers, except that the clock can jump forward: to every component sharing it, the process
/// looks as if it had been paused for that long (timers keep their real pace).
/// </summary>
internal sealed class JumpingTimeProvider : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));

    public void Jump(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}

using OrleansChat.Runtime.Tests.Infrastructure;

namespace OrleansChat.Runtime.Tests.Grains;

/// <summary>Counts how many turns are inside it at once and whether each caller's calls arrive in order.</summary>
public sealed class TurnGrain(GrainProbe probe) : Grain, ITurnGrain
{
    private readonly Dictionary<int, int> _lastSequence = [];
    private int _inside;
    private int _maxConcurrency;
    private int _violations;
    private int _calls;
    private int _ticks;

    public async Task Enter(int caller, int sequence)
    {
        await EnterCriticalSectionAsync();
        var expected = _lastSequence.TryGetValue(caller, out var last) ? last + 1 : 0;
        if (sequence != expected)
        {
            _violations++;
        }

        _lastSequence[caller] = sequence;
        _calls++;
        await LeaveCriticalSectionAsync();
    }

    public Task<int> MaxConcurrency() => Task.FromResult(_maxConcurrency);

    public Task<int> OrderViolations() => Task.FromResult(_violations);

    public Task<int> Calls() => Task.FromResult(_calls);

    public Task StartTimer(int ticks)
    {
        RegisterGrainTimer(
            async _ =>
            {
                await EnterCriticalSectionAsync();
                await LeaveCriticalSectionAsync();
                if (++_ticks == ticks)
                {
                    probe.Signal("ticks:" + this.GetPrimaryKeyString()).TrySetResult();
                }
            },
            TimeSpan.Zero,
            TimeSpan.FromMilliseconds(1));
        return Task.CompletedTask;
    }

    private async Task EnterCriticalSectionAsync()
    {
        var inside = Interlocked.Increment(ref _inside);
        if (inside > _maxConcurrency)
        {
            _maxConcurrency = inside;
        }

        // Give other work every chance to interleave if the runtime let it.
        await Task.Yield();
    }

    private async Task LeaveCriticalSectionAsync()
    {
        await Task.Yield();
        Interlocked.Decrement(ref _inside);
    }
}

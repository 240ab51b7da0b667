using Microsoft.Extensions.DependencyInjection;
using OrleansChat.Runtime.Configuration;
using OrleansChat.Runtime.Hosting;
using OrleansChat.Runtime.Tests.Grains;
using OrleansChat.Runtime.Tests.Infrastructure;

namespace OrleansChat.Runtime.Tests;

public sealed class SchedulingTests
{
    [Fact]
    public async Task Hundred_concurrent_callers_never_interleave_inside_one_turn()
    {
        await using var scope = await ClusterScope.StartAsync(services => services.AddGrains(typeof(TurnGrain)));
        var grain = scope.GrainFactory.GetGrain<ITurnGrain>("hundred");

        await Task.WhenAll(Enumerable.Range(0, 100).Select(caller => Task.Run(async () =>
        {
            for (var sequence = 0; sequence < 10; sequence++)
            {
                await grain.Enter(caller, sequence);
            }
        })));

        Assert.Equal(1000, await grain.Calls());
        Assert.Equal(1, await grain.MaxConcurrency());
    }

    [Fact]
    public async Task Calls_from_one_caller_arrive_in_the_order_they_were_made()
    {
        await using var scope = await ClusterScope.StartAsync(services => services.AddGrains(typeof(TurnGrain)));
        var grain = scope.GrainFactory.GetGrain<ITurnGrain>("order");

        // Each caller issues its calls without waiting for the previous one, so only the mailbox keeps them in order.
        await Task.WhenAll(Enumerable.Range(0, 20).Select(caller => Task.Run(
            () => Task.WhenAll(Enumerable.Range(0, 50).Select(sequence => grain.Enter(caller, sequence))))));

        Assert.Equal(1000, await grain.Calls());
        Assert.Equal(0, await grain.OrderViolations());
        Assert.Equal(1, await grain.MaxConcurrency());
    }

    [Fact]
    public async Task Timer_ticks_run_as_turns_and_never_interleave_with_calls()
    {
        await using var scope = await ClusterScope.StartAsync(services => services.AddGrains(typeof(TurnGrain)));
        var grain = scope.GrainFactory.GetGrain<ITurnGrain>("timer");
        var ticked = scope.Probe.Signal("ticks:timer").Task;

        await grain.StartTimer(ticks: 20);
        var callers = Enumerable.Range(0, 10).Select(caller => Task.Run(async () =>
        {
            for (var sequence = 0; sequence < 20; sequence++)
            {
                await grain.Enter(caller, sequence);
            }
        }));
        await Task.WhenAll(callers);
        await ticked.WaitSignal();

        Assert.Equal(1, await grain.MaxConcurrency());
    }

    [Fact]
    public async Task Call_to_a_full_mailbox_is_rejected_with_GrainOverloadedException()
    {
        await using var scope = await ClusterScope.StartAsync(services => services
            .AddGrains(typeof(GateGrain))
            .Configure<SchedulingOptions>(o => o.MailboxCapacity = 4));
        var grain = scope.GrainFactory.GetGrain<IGateGrain>("full");

        var blocked = grain.Block();
        await scope.Probe.Signal("blocked:full").Task.WaitSignal();
        var queued = Enumerable.Range(0, 4).Select(_ => grain.Ping()).ToList();
        var error = await Assert.ThrowsAsync<GrainOverloadedException>(() => grain.Ping());
        Assert.Contains("SchedulingOptions.MailboxCapacity", error.Message, StringComparison.Ordinal);

        scope.Probe.Gate.TrySetResult();
        await Task.WhenAll(queued.Append(blocked)).WaitSignal();
    }

    [Fact]
    public async Task Call_cycle_into_a_busy_non_reentrant_grain_ends_with_TimeoutException()
    {
        await using var scope = await ClusterScope.StartAsync(services => services
            .AddGrains(typeof(GateGrain))
            .Configure<MessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromMilliseconds(200)));
        var grain = scope.GrainFactory.GetGrain<IGateGrain>("cycle");

        var error = await Assert.ThrowsAsync<TimeoutException>(() => grain.CallSelf());
        Assert.Contains("MessagingOptions.ResponseTimeout", error.Message, StringComparison.Ordinal);
        await grain.Ping();
    }
}

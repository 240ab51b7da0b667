using Microsoft.Extensions.DependencyInjection;
using OrleansChat.Runtime.Catalog;
using OrleansChat.Runtime.Configuration;
using OrleansChat.Runtime.Hosting;
using OrleansChat.Runtime.Streams;
using OrleansChat.Runtime.Tests.Grains;
using OrleansChat.Runtime.Tests.Infrastructure;
using OrleansChat.Runtime.Tests.Messages;

namespace OrleansChat.Runtime.Tests;

public sealed class ActivationTests
{
    private static readonly Action<IServiceCollection> ShortCollection = services => services.Configure<GrainCollectionOptions>(o =>
    {
        o.CollectionAge = TimeSpan.FromMilliseconds(100);
        o.CollectionQuantum = TimeSpan.FromMilliseconds(20);
    });

    [Fact]
    public async Task First_call_activates_the_grain_and_later_calls_reuse_the_single_activation()
    {
        await using var scope = await ClusterScope.StartAsync(services => services.AddGrains(typeof(LifecycleGrain)));
        var catalog = scope.Cluster.Primary.Services.GetRequiredService<GrainCatalog>();
        var grain = scope.GrainFactory.GetGrain<ILifecycleGrain>("first");

        Assert.Equal(0, catalog.Count);
        Assert.Equal(0, scope.Probe.Activations("first"));
        var touches = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => grain.Touch()));

        Assert.Equal(1, scope.Probe.Activations("first"));
        Assert.Equal(Enumerable.Range(1, 50), touches.Order());
        Assert.Equal(1, catalog.Count);
    }

    [Fact]
    public async Task Idle_activation_is_deactivated_after_CollectionAge_and_the_next_call_activates_afresh()
    {
        await using var scope = await ClusterScope.StartAsync(services =>
        {
            services.AddGrains(typeof(LifecycleGrain));
            ShortCollection(services);
        });
        var grain = scope.GrainFactory.GetGrain<ILifecycleGrain>("idle");

        Assert.Equal(1, await grain.Touch());
        var reason = await scope.Probe.WhenDeactivated("idle").WaitSignal();

        Assert.Equal(DeactivationReasonCode.ActivationIdle, reason.ReasonCode);
        Assert.Equal(1, await grain.Touch());
        Assert.Equal(2, scope.Probe.Activations("idle"));
    }

    [Fact]
    public async Task Activation_that_keeps_itself_alive_is_not_collected()
    {
        await using var scope = await ClusterScope.StartAsync(services =>
        {
            services.AddGrains(typeof(LifecycleGrain));
            ShortCollection(services);
        });
        var grain = scope.GrainFactory.GetGrain<ILifecycleGrain>("kept");

        await grain.SetKeepAlive(true);
        await scope.Probe.WhenKeepAliveCheckedTwice("kept").WaitSignal();

        Assert.False(scope.Probe.HasDeactivated("kept"));
        Assert.Equal(1, scope.Probe.Activations("kept"));
        await grain.SetKeepAlive(false);
        await scope.Probe.WhenDeactivated("kept").WaitSignal();
    }

    [Fact]
    public async Task Grain_subscribed_to_a_stream_is_not_collected_and_receives_items_as_its_own_turns()
    {
        await using var scope = await ClusterScope.StartAsync(services =>
        {
            services.AddGrains(typeof(LifecycleGrain)).AddMemoryStreams();
            ShortCollection(services);
        });
        var grain = scope.GrainFactory.GetGrain<ILifecycleGrain>("subscriber");
        var stream = scope.Cluster.Primary.Services.GetStreamProvider("Default").GetStream<StreamItem>(StreamId.Create("test", "lifecycle"));

        await grain.SubscribeToStream("lifecycle");
        await scope.Probe.WhenKeepAliveCheckedTwice("subscriber").WaitSignal();
        Assert.False(scope.Probe.HasDeactivated("subscriber"));

        await stream.OnNextAsync(new StreamItem { Number = 1 });
        await scope.Probe.Signal("stream-item-in-turn:subscriber:1").Task.WaitSignal();
        Assert.Equal(1, await grain.StreamItemsReceived());
        Assert.Equal(1, scope.Probe.Activations("subscriber"));
    }

    [Fact]
    public async Task DeactivateOnIdle_runs_OnDeactivateAsync_after_the_turn_and_the_next_call_activates_afresh()
    {
        await using var scope = await ClusterScope.StartAsync(services => services.AddGrains(typeof(LifecycleGrain)));
        var grain = scope.GrainFactory.GetGrain<ILifecycleGrain>("requested");

        await grain.Touch();
        await grain.Deactivate();
        var reason = await scope.Probe.WhenDeactivated("requested").WaitSignal();

        Assert.Equal(DeactivationReasonCode.ApplicationRequested, reason.ReasonCode);
        Assert.Equal(1, await grain.Touch());
        Assert.Equal(2, scope.Probe.Activations("requested"));
    }

    [Fact]
    public async Task Calls_queued_behind_DeactivateOnIdle_run_on_the_next_activation_in_order()
    {
        await using var scope = await ClusterScope.StartAsync(services => services.AddGrains(typeof(LifecycleGrain)));
        var grain = scope.GrainFactory.GetGrain<ILifecycleGrain>("forward");

        await grain.Touch();
        var deactivate = grain.Deactivate();
        var touches = Enumerable.Range(0, 10).Select(_ => grain.Touch()).ToList();
        await deactivate;

        Assert.Equal(Enumerable.Range(1, 10), await Task.WhenAll(touches));
        Assert.Equal(2, scope.Probe.Activations("forward"));
    }

    [Fact]
    public async Task Calls_arriving_during_OnDeactivateAsync_wait_for_it_and_then_run_in_order_on_one_new_activation()
    {
        await using var scope = await ClusterScope.StartAsync(services => services.AddGrains(typeof(LifecycleGrain)));
        var grain = scope.GrainFactory.GetGrain<ILifecycleGrain>("late");
        scope.Probe.BlockDeactivation["late"] = true;

        await grain.Touch();
        await grain.Deactivate();
        await scope.Probe.Signal("deactivating:late").Task.WaitSignal();
        var touches = Enumerable.Range(0, 10).Select(_ => grain.Touch()).ToList();

        Assert.Equal(1, scope.Probe.Activations("late"));
        Assert.DoesNotContain(touches, t => t.IsCompleted);
        scope.Probe.BlockDeactivation["late"] = false;
        scope.Probe.Gate.TrySetResult();
        Assert.Equal(Enumerable.Range(1, 10), await Task.WhenAll(touches).WaitSignal());
        Assert.Equal(2, scope.Probe.Activations("late"));
    }

    [Fact]
    public async Task Failed_activation_reaches_the_caller_and_leaves_no_half_made_activation()
    {
        await using var scope = await ClusterScope.StartAsync(services => services.AddGrains(typeof(FragileGrain)));
        var catalog = scope.Cluster.Primary.Services.GetRequiredService<GrainCatalog>();
        var grain = scope.GrainFactory.GetGrain<IFragileGrain>("fragile");
        scope.Probe.FailActivation["fragile"] = true;

        var calls = Enumerable.Range(0, 5).Select(_ => grain.Activations()).ToList();
        foreach (var call in calls)
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => call);
            Assert.Equal("Activation refused for fragile", error.Message);
        }

        Assert.Null(catalog.TryGetActivation(new GrainId("fragile", "fragile")));
        Assert.False(scope.Probe.HasDeactivated("fragile"));

        var failedAttempts = scope.Probe.Activations("fragile");
        scope.Probe.FailActivation["fragile"] = false;
        Assert.Equal(failedAttempts + 1, await grain.Activations());
        Assert.NotNull(catalog.TryGetActivation(new GrainId("fragile", "fragile")));
    }
}

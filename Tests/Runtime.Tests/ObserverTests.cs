using Microsoft.Extensions.Logging.Abstractions;
using OrleansChat.Runtime.Tests.Grains;
using OrleansChat.Runtime.Tests.Infrastructure;

namespace OrleansChat.Runtime.Tests;

[Collection(SharedClusterCollection.Name)]
public sealed class ObserverTests(SharedClusterFixture fixture)
{
    [Fact]
    public async Task Expired_observers_are_dropped_and_renewed_ones_are_kept()
    {
        var clock = new ManualTimeProvider();
        var manager = new ObserverManager<ITestObserver>(TimeSpan.FromMinutes(1), NullLogger.Instance, clock);
        var stale = new RecordingObserver();
        var renewed = new RecordingObserver();
        manager.Subscribe(stale);
        manager.Subscribe(renewed);

        clock.Advance(TimeSpan.FromSeconds(40));
        manager.Subscribe(renewed);
        clock.Advance(TimeSpan.FromSeconds(40));
        await manager.NotifyAndWaitAsync(o => o.OnMessage("after expiry"));

        Assert.Equal(1, manager.Count);
        Assert.Same(renewed, Assert.Single(manager.Observers));
        Assert.Empty(stale.Messages);
        Assert.Equal(["after expiry"], renewed.Messages);

        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, manager.ClearExpired());
        Assert.Equal(0, manager.Count);
    }

    [Fact]
    public async Task Failing_observer_is_removed_and_the_others_are_still_notified()
    {
        var manager = new ObserverManager<ITestObserver>(TimeSpan.FromMinutes(1), NullLogger.Instance);
        var failing = new RecordingObserver(fail: true);
        var healthy = new RecordingObserver();
        manager.Subscribe(failing);
        manager.Subscribe(healthy);

        await manager.NotifyAndWaitAsync(o => o.OnMessage("hello"));

        Assert.Same(healthy, Assert.Single(manager.Observers));
        Assert.Equal(["hello"], healthy.Messages);
    }

    [Fact]
    public void Observer_set_is_bounded_by_MaxObservers()
    {
        var manager = new ObserverManager<ITestObserver>(TimeSpan.FromMinutes(1), NullLogger.Instance) { MaxObservers = 2 };
        manager.Subscribe(new RecordingObserver());
        manager.Subscribe(new RecordingObserver());

        var error = Assert.Throws<InvalidOperationException>(() => manager.Subscribe(new RecordingObserver()));
        Assert.Contains("MaxObservers (2)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Blocked_observer_does_not_delay_the_others()
    {
        var factory = fixture.GrainFactory;
        var grain = factory.GetGrain<IObservableGrain>("blocked-observer");
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var blocked = new RecordingObserver(gate: release.Task);
        var fast = new RecordingObserver(expected: 3);
        var blockedReference = factory.CreateObjectReference<ITestObserver>(blocked);
        var fastReference = factory.CreateObjectReference<ITestObserver>(fast);
        await grain.Subscribe(blockedReference);
        await grain.Subscribe(fastReference);

        var publishing = Task.WhenAll(grain.Publish("one"), grain.Publish("two"), grain.Publish("three"));
        await fast.Received.WaitSignal();

        Assert.Equal(["one", "two", "three"], fast.Messages);
        Assert.Empty(blocked.Messages);
        release.TrySetResult();
        await publishing.WaitSignal();
        await blocked.Received.WaitSignal();
        Assert.Equal(2, await grain.ObserverCount());
        factory.DeleteObjectReference(blockedReference);
        factory.DeleteObjectReference(fastReference);
    }

    [Fact]
    public async Task Observer_that_exceeds_the_notification_timeout_is_removed()
    {
        var factory = fixture.GrainFactory;
        var grain = factory.GetGrain<IObservableGrain>("slow-observer");
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = new RecordingObserver(gate: release.Task);
        var fast = new RecordingObserver();
        var slowReference = factory.CreateObjectReference<ITestObserver>(slow);
        var fastReference = factory.CreateObjectReference<ITestObserver>(fast);
        await grain.SetNotificationTimeout(TimeSpan.FromMilliseconds(50));
        await grain.Subscribe(slowReference);
        await grain.Subscribe(fastReference);

        await grain.PublishAndWait("one");

        Assert.Equal(1, await grain.ObserverCount());
        Assert.Equal(["one"], fast.Messages);
        release.TrySetResult();
        factory.DeleteObjectReference(slowReference);
        factory.DeleteObjectReference(fastReference);
    }

    [Fact]
    public async Task Observer_calls_run_outside_grain_turns_in_order_and_stop_after_the_reference_is_deleted()
    {
        var factory = fixture.GrainFactory;
        var grain = factory.GetGrain<IObservableGrain>("ordered-observer");
        var observer = new RecordingObserver(expected: 100);
        var reference = factory.CreateObjectReference<ITestObserver>(observer);
        await grain.Subscribe(reference);

        for (var i = 0; i < 100; i++)
        {
            await grain.Publish(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        await observer.Received.WaitSignal();
        Assert.Equal(Enumerable.Range(0, 100).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), observer.Messages);
        Assert.False(observer.CalledInsideAGrainTurn);

        factory.DeleteObjectReference(reference);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => reference.OnMessage("after delete"));
        await grain.PublishAndWait("after delete");
        Assert.Equal(0, await grain.ObserverCount());
    }
}

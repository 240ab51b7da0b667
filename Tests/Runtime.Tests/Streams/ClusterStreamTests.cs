using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansChat.Runtime.Cluster;
using OrleansChat.Runtime.Hosting;
using OrleansChat.Runtime.Membership;
using OrleansChat.Runtime.Streams;
using OrleansChat.Runtime.Tests.Grains;
using OrleansChat.Runtime.Tests.Infrastructure;
using OrleansChat.Runtime.Tests.Messages;

namespace OrleansChat.Runtime.Tests.Streams;

public sealed class ClusterStreamTests
{
    private static readonly StreamId Room = StreamId.Create("test", "room");

    [Fact]
    public async Task Items_published_on_one_silo_reach_a_subscriber_on_another_through_the_owner_in_order_with_tokens()
    {
        await using var cluster = new ClusterStreamHarness();
        var (a, b, c) = await StartThreeAsync(cluster);
        cluster.Ownership.Assign(Room, b.Address);
        var recorder = new StreamRecorder(expected: 200);
        await c.Stream(Room).SubscribeAsync(recorder);

        var tokens = new List<long>();
        for (var i = 1; i <= 200; i++)
        {
            tokens.Add((await a.Stream(Room).OnNextAsync(new StreamItem { Number = i })).SequenceNumber);
        }

        await recorder.Received.WaitSignal();
        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), tokens);
        Assert.Equal(Enumerable.Range(1, 200).Select(i => ((long)i, (long)i)), recorder.Items);
        Assert.Equal(200, b.Provider.RemotePublishesServed);
        Assert.Equal(1, b.Provider.RemoteSubscriptionsServed);
        Assert.Equal([Room], b.Provider.OwnedStreams);
        Assert.Empty(a.Provider.OwnedStreams);
        Assert.Empty(c.Provider.OwnedStreams);
    }

    [Fact]
    public async Task Subscribing_from_a_token_on_another_silo_replays_the_owners_cache_then_continues_live_without_gap_or_duplicate()
    {
        await using var cluster = new ClusterStreamHarness();
        var (a, b, c) = await StartThreeAsync(cluster);
        cluster.Ownership.Assign(Room, b.Address);
        for (var i = 1; i <= 10; i++)
        {
            await a.Stream(Room).OnNextAsync(new StreamItem { Number = i });
        }

        var recorder = new StreamRecorder(expected: 16);
        var publisher = Task.Run(async () =>
        {
            for (var i = 11; i <= 20; i++)
            {
                await a.Stream(Room).OnNextAsync(new StreamItem { Number = i });
            }
        });
        await c.Stream(Room).SubscribeAsync(recorder, new StreamSequenceToken(5));
        await publisher;

        await recorder.Received.WaitSignal();
        Assert.Equal(Enumerable.Range(5, 16).Select(i => ((long)i, (long)i)), recorder.Items);
    }

    [Fact]
    public async Task Rewind_beyond_the_owners_cache_fails_on_the_remote_subscriber_with_the_oldest_available_token()
    {
        await using var cluster = new ClusterStreamHarness();
        var a = await cluster.StartSiloAsync("a");
        var b = await cluster.StartSiloAsync("b", memory: o => o.CacheSize = 4);
        cluster.Ownership.Assign(Room, b.Address);
        var fresh = await Assert.ThrowsAsync<StreamRewindUnavailableException>(() => a.Stream(Room).SubscribeAsync(new StreamRecorder(1), new StreamSequenceToken(1)));
        Assert.Null(fresh.OldestAvailableToken);
        for (var i = 1; i <= 10; i++)
        {
            await b.Stream(Room).OnNextAsync(new StreamItem { Number = i });
        }

        var error = await Assert.ThrowsAsync<StreamRewindUnavailableException>(() => a.Stream(Room).SubscribeAsync(new StreamRecorder(1), new StreamSequenceToken(6)));

        Assert.Equal(new StreamSequenceToken(6), error.RequestedToken);
        Assert.Equal(new StreamSequenceToken(7), error.OldestAvailableToken);
        Assert.Equal(new StreamSequenceToken(10), error.NewestToken);
        Assert.Contains("test/room cannot rewind to token 6: the cache holds tokens 7 to 10", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, b.Provider.RemoteSubscriptionsServed);
        Assert.Equal(0, a.Provider.OutgoingSubscriptions);
        var recorder = new StreamRecorder(expected: 4);
        await a.Stream(Room).SubscribeAsync(recorder, error.OldestAvailableToken);
        await recorder.Received.WaitSignal();
        Assert.Equal([7L, 8, 9, 10], recorder.Numbers);
    }

    [Fact]
    public async Task Cluster_client_subscribes_and_publishes_through_the_owner_silo()
    {
        await using var cluster = new ClusterStreamHarness();
        var a = await cluster.StartSiloAsync("a");
        var b = await cluster.StartSiloAsync("b");
        var client = await cluster.StartClientAsync();
        cluster.Ownership.Assign(Room, b.Address);
        var atClient = new StreamRecorder(expected: 4);
        var atOwner = new StreamRecorder(expected: 4);
        await client.Stream(Room).SubscribeAsync(atClient);
        await b.Stream(Room).SubscribeAsync(atOwner);

        await a.Stream(Room).OnNextAsync(new StreamItem { Number = 1 });
        await a.Stream(Room).OnNextAsync(new StreamItem { Number = 2 });
        await client.Stream(Room).OnNextAsync(new StreamItem { Number = 3 });
        Assert.Equal(new StreamSequenceToken(4), await client.Stream(Room).OnNextAsync(new StreamItem { Number = 4 }));

        await atClient.Received.WaitSignal();
        await atOwner.Received.WaitSignal();
        Assert.Equal([(1L, 1L), (2L, 2L), (3L, 3L), (4L, 4L)], atClient.Items);
        Assert.Equal([(1L, 1L), (2L, 2L), (3L, 3L), (4L, 4L)], atOwner.Items);
        Assert.True(client.Provider.IsClient);
        Assert.Empty(client.Provider.OwnedStreams);
        Assert.Equal(4, b.Provider.RemotePublishesServed);
        Assert.Equal(1, b.Provider.RemoteSubscriptionsServed);
    }

    [Fact]
    public async Task Killed_owner_ends_remote_subscriptions_with_StreamOwnerChangedException_carrying_the_next_token()
    {
        await using var cluster = new ClusterStreamHarness();
        var (a, b, c) = await StartThreeAsync(cluster);
        var client = await cluster.StartClientAsync();
        cluster.Ownership.Assign(Room, b.Address);
        var atSilo = new StreamRecorder(expected: 5);
        var atClient = new StreamRecorder(expected: 5);
        var siloHandle = await a.Stream(Room).SubscribeAsync(atSilo);
        var clientHandle = await client.Stream(Room).SubscribeAsync(atClient);
        for (var i = 1; i <= 5; i++)
        {
            await c.Stream(Room).OnNextAsync(new StreamItem { Number = i });
        }

        await atSilo.Received.WaitSignal();
        await atClient.Received.WaitSignal();

        await b.KillAsync();

        var siloError = Assert.IsType<StreamOwnerChangedException>(await atSilo.Error.WaitSignal());
        var clientError = Assert.IsType<StreamOwnerChangedException>(await atClient.Error.WaitSignal());
        Assert.IsAssignableFrom<SiloUnavailableException>(siloError);
        Assert.Equal(new StreamSequenceToken(6), siloError.NextToken);
        Assert.Equal(new StreamSequenceToken(6), clientError.NextToken);
        Assert.Equal(StreamOwnerChangeReason.OwnerUnreachable, siloError.Reason);
        Assert.Equal(Room, siloError.StreamId);
        Assert.Equal(siloHandle.HandleId, siloError.HandleId);
        Assert.Equal(clientHandle.HandleId, clientError.HandleId);
        Assert.Equal(b.Address.ToString(), siloError.Owner);
        Assert.Contains("Resubscribe from token 6", siloError.Message, StringComparison.Ordinal);
        Assert.Contains(b.Address, cluster.View.Unreachable);
        Assert.Equal(0, a.Provider.OutgoingSubscriptions);
        Assert.Equal(0, client.Provider.OutgoingSubscriptions);

        // Until membership notices, the stream's owner is the dead silo: publications fail fast.
        await Assert.ThrowsAsync<SiloUnavailableException>(() => c.Stream(Room).OnNextAsync(new StreamItem { Number = 6 }));

        // Membership declares it dead and the stream moves to c, which has no history of it: the subscriber's rewind
        // fails (the gateway then recovers from the room's own history) and it subscribes live.
        cluster.Ownership.Assign(Room, c.Address);
        cluster.View.SetStatus(b.Address, SiloStatus.Dead);
        var rewind = await Assert.ThrowsAsync<StreamRewindUnavailableException>(() => a.Stream(Room).SubscribeAsync(new StreamRecorder(1), siloError.NextToken));
        Assert.Null(rewind.OldestAvailableToken);
        var resumed = new StreamRecorder(expected: 1);
        await a.Stream(Room).SubscribeAsync(resumed);
        await c.Stream(Room).OnNextAsync(new StreamItem { Number = 6 }, new StreamSequenceToken(6));
        await resumed.Received.WaitSignal();
        Assert.Equal([(6L, 6L)], resumed.Items);
    }

    [Fact]
    public async Task Moving_ownership_ends_the_old_owners_subscriptions_and_publications_go_to_the_new_owner()
    {
        await using var cluster = new ClusterStreamHarness();
        var (a, b, c) = await StartThreeAsync(cluster);
        cluster.Ownership.Assign(Room, b.Address);
        var remote = new StreamRecorder(expected: 3);
        var local = new StreamRecorder(expected: 3);
        await a.Stream(Room).SubscribeAsync(remote);
        await b.Stream(Room).SubscribeAsync(local);
        for (var i = 1; i <= 3; i++)
        {
            await a.Stream(Room).OnNextAsync(new StreamItem { Number = i }, new StreamSequenceToken(i));
        }

        await remote.Received.WaitSignal();
        await local.Received.WaitSignal();

        cluster.Ownership.Assign(Room, c.Address);
        cluster.View.Bump();

        var remoteError = Assert.IsType<StreamOwnerChangedException>(await remote.Error.WaitSignal());
        var localError = Assert.IsType<StreamOwnerChangedException>(await local.Error.WaitSignal());
        Assert.Equal(StreamOwnerChangeReason.OwnershipMoved, remoteError.Reason);
        Assert.Equal(StreamOwnerChangeReason.OwnershipMoved, localError.Reason);
        Assert.Equal(new StreamSequenceToken(4), remoteError.NextToken);
        Assert.Equal(new StreamSequenceToken(4), localError.NextToken);
        Assert.Equal(b.Address.ToString(), remoteError.Owner);
        Assert.DoesNotContain(Room, b.Provider.OwnedStreams);
        await WaitUntilAsync(() => b.Provider.RemoteSubscriptionsServed == 0, "the old owner dropped the remote subscription");

        var servedByOldOwner = b.Provider.RemotePublishesServed;
        await a.Stream(Room).OnNextAsync(new StreamItem { Number = 4 }, new StreamSequenceToken(4));
        Assert.Equal(1, c.Provider.RemotePublishesServed);
        Assert.Equal(servedByOldOwner, b.Provider.RemotePublishesServed);

        // The subscriber resumes on the new owner from its next token: no gap, no duplicate.
        var resumed = new StreamRecorder(expected: 2);
        await a.Stream(Room).SubscribeAsync(resumed, remoteError.NextToken);
        await b.Stream(Room).OnNextAsync(new StreamItem { Number = 5 }, new StreamSequenceToken(5));
        await resumed.Received.WaitSignal();
        Assert.Equal([(1L, 1L), (2L, 2L), (3L, 3L)], remote.Items);
        Assert.Equal([(4L, 4L), (5L, 5L)], resumed.Items);
        Assert.Equal([Room], c.Provider.OwnedStreams);
        Assert.Empty(b.Provider.OwnedStreams);
    }

    [Fact]
    public async Task Remote_subscriber_that_falls_behind_is_cut_off_by_the_owner_with_the_token_to_resume_from()
    {
        await using var cluster = new ClusterStreamHarness();
        var a = await cluster.StartSiloAsync("a");
        var b = await cluster.StartSiloAsync("b", memory: o => o.SubscriberQueueCapacity = 4);
        cluster.Ownership.Assign(Room, b.Address);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = new StreamRecorder(expected: int.MaxValue, gate: release.Task);
        var handle = await a.Stream(Room).SubscribeAsync(slow);

        // The blocked subscriber stops reading; HTTP/2 flow control and the response stream's queue fill up, then the
        // owner's per-subscriber queue of 4 overflows and the owner drops the subscription.
        var text = new string('x', 8 * 1024);
        var published = 0;
        while ((await b.Stream(Room).GetAllSubscriptionHandles()).Count > 0)
        {
            Assert.True(published < 2_000, "The owner never cut off the blocked remote subscriber.");
            await b.Stream(Room).OnNextAsync(new StreamItem { Number = ++published, Text = text });
        }

        release.TrySetResult();
        var error = Assert.IsType<StreamSubscriberOverflowException>(await slow.Error.WaitSignal());

        Assert.Equal(handle.HandleId, error.HandleId);
        Assert.Equal(4, error.QueueCapacity);
        Assert.Equal(Enumerable.Range(1, slow.Items.Count).Select(i => (long)i), slow.Numbers);
        Assert.Equal(slow.Items.Count + 1, error.NextToken!.SequenceNumber);
        Assert.True(slow.Items.Count < published);
        Assert.Equal(0, a.Provider.OutgoingSubscriptions);
        await WaitUntilAsync(() => b.Provider.RemoteSubscriptionsServed == 0, "the owner dropped the overflowed subscription");
    }

    [Fact]
    public async Task Unsubscribing_a_remote_subscription_stops_delivery_and_frees_the_owners_subscription()
    {
        await using var cluster = new ClusterStreamHarness();
        var (a, b, c) = await StartThreeAsync(cluster);
        cluster.Ownership.Assign(Room, b.Address);
        var leaving = new StreamRecorder(expected: 1);
        var staying = new StreamRecorder(expected: 2);
        var handle = await a.Stream(Room).SubscribeAsync(leaving);
        await c.Stream(Room).SubscribeAsync(staying);
        Assert.Equal(2, b.Provider.RemoteSubscriptionsServed);
        Assert.Equal(2, (await b.Stream(Room).GetAllSubscriptionHandles()).Count);
        Assert.Equal([handle.HandleId], (await a.Stream(Room).GetAllSubscriptionHandles()).Select(h => h.HandleId));

        await b.Stream(Room).OnNextAsync(new StreamItem { Number = 1 });
        await leaving.Received.WaitSignal();
        await handle.UnsubscribeAsync();

        Assert.Equal(0, a.Provider.OutgoingSubscriptions);
        Assert.Empty(await a.Stream(Room).GetAllSubscriptionHandles());
        await WaitUntilAsync(() => b.Provider.RemoteSubscriptionsServed == 1, "the owner dropped the cancelled subscription");
        Assert.Single(await b.Stream(Room).GetAllSubscriptionHandles());
        await b.Stream(Room).OnNextAsync(new StreamItem { Number = 2 });
        await staying.Received.WaitSignal();
        Assert.Equal([1L], leaving.Numbers);
        Assert.False(leaving.Error.IsCompleted);
    }

    [Fact]
    public async Task Colocated_stream_is_owned_by_its_grains_silo_which_publishes_locally()
    {
        await using var cluster = new ClusterStreamHarness(placementOwnership: true);
        var (a, b, c) = await StartThreeAsync(cluster, o => o.Colocation["rooms"] = "room");
        var rooms = StreamId.Create("rooms", "general");
        var chat = StreamId.Create("chat", "general");
        cluster.Placement.Place(new GrainId("room", "general"), b.Address);
        cluster.Placement.Place(new GrainId(PlacementStreamOwnership.StreamGrainTypePrefix + "rooms", "general"), a.Address);
        cluster.Placement.Place(new GrainId(PlacementStreamOwnership.StreamGrainTypePrefix + "chat", "general"), a.Address);
        var recorder = new StreamRecorder(expected: 1);
        await c.Stream(rooms).SubscribeAsync(recorder);

        // The room grain's silo publishes its room stream.
        await b.Stream(rooms).OnNextAsync(new StreamItem { Number = 1 }, new StreamSequenceToken(41));

        await recorder.Received.WaitSignal();
        Assert.Equal([(1L, 41L)], recorder.Items);
        Assert.Equal(0, b.Provider.RemotePublishesServed);
        Assert.Equal(0, a.Provider.RemotePublishesServed);
        Assert.Equal([rooms], b.Provider.OwnedStreams);
        Assert.Equal(1, b.Provider.RemoteSubscriptionsServed);
        Assert.DoesNotContain(new GrainId(PlacementStreamOwnership.StreamGrainTypePrefix + "rooms", "general"), cluster.Placement.Asked);

        // A namespace without co-location is placed by its stream id: the same silo's publication goes to the owner.
        await b.Stream(chat).OnNextAsync(new StreamItem { Number = 2 });
        Assert.Equal(1, a.Provider.RemotePublishesServed);
        Assert.Equal([chat], a.Provider.OwnedStreams);
    }

    [Fact]
    public async Task Subscription_ends_when_its_owner_leaves_the_membership_view()
    {
        await using var cluster = new ClusterStreamHarness();
        var a = await cluster.StartSiloAsync("a");
        var b = await cluster.StartSiloAsync("b");
        cluster.Ownership.Assign(Room, b.Address);
        var recorder = new StreamRecorder(expected: 2);
        await a.Stream(Room).SubscribeAsync(recorder);
        await b.Stream(Room).OnNextAsync(new StreamItem { Number = 1 });
        await b.Stream(Room).OnNextAsync(new StreamItem { Number = 2 });
        await recorder.Received.WaitSignal();

        // The owner is still up (a half-open connection would never break the call), but membership declared it dead.
        cluster.View.SetStatus(b.Address, SiloStatus.Dead);

        var error = Assert.IsType<StreamOwnerChangedException>(await recorder.Error.WaitSignal());
        Assert.Equal(StreamOwnerChangeReason.OwnerUnreachable, error.Reason);
        Assert.Equal(new StreamSequenceToken(3), error.NextToken);
        Assert.Equal(0, a.Provider.OutgoingSubscriptions);
        await WaitUntilAsync(() => b.Provider.RemoteSubscriptionsServed == 0, "the owner saw the subscription cancelled");
    }

    [Fact]
    public async Task Gracefully_stopping_owner_hands_its_subscribers_over_with_OwnerStopping()
    {
        await using var cluster = new ClusterStreamHarness();
        var a = await cluster.StartSiloAsync("a");
        var b = await cluster.StartSiloAsync("b");
        var client = await cluster.StartClientAsync();
        cluster.Ownership.Assign(Room, b.Address);
        var atSilo = new StreamRecorder(expected: 1);
        var atClient = new StreamRecorder(expected: 1);
        await a.Stream(Room).SubscribeAsync(atSilo);
        await client.Stream(Room).SubscribeAsync(atClient);
        await a.Stream(Room).OnNextAsync(new StreamItem { Number = 1 });
        await atSilo.Received.WaitSignal();
        await atClient.Received.WaitSignal();

        await b.StopAsync();

        var siloError = Assert.IsType<StreamOwnerChangedException>(await atSilo.Error.WaitSignal());
        var clientError = Assert.IsType<StreamOwnerChangedException>(await atClient.Error.WaitSignal());
        Assert.Equal(StreamOwnerChangeReason.OwnerStopping, siloError.Reason);
        Assert.Equal(StreamOwnerChangeReason.OwnerStopping, clientError.Reason);
        Assert.Equal(new StreamSequenceToken(2), siloError.NextToken);
        Assert.Equal(new StreamSequenceToken(2), clientError.NextToken);
        Assert.Empty(cluster.View.Unreachable);
    }

    [Fact]
    public async Task Grain_subscribed_to_a_stream_owned_elsewhere_receives_items_as_turns_until_it_deactivates()
    {
        await using var cluster = new ClusterStreamHarness();
        var owner = await cluster.StartSiloAsync("owner");
        var streamId = StreamId.Create("test", "grain-feed");
        cluster.Ownership.Assign(streamId, owner.Address);
        await using var scope = await ClusterScope.StartAsync(services => services
            .AddGrains(typeof(LifecycleGrain))
            .AddSingleton<IClusterMembershipView>(cluster.View)
            .AddSingleton<IStreamOwnership>(cluster.Ownership)
            .AddSingleton<ISiloChannelPool>(sp => new SiloChannelPool(sp.GetRequiredService<ILoggerFactory>()))
            .AddClusterStreams());
        var grainSilo = (ClusterStreamProvider)scope.Cluster.Primary.Services.GetStreamProvider(ClusterStreamHarness.Provider);
        var grain = scope.GrainFactory.GetGrain<ILifecycleGrain>("subscriber");

        await grain.SubscribeToStream("grain-feed");
        Assert.Equal(1, grainSilo.OutgoingSubscriptions);
        Assert.Equal(1, owner.Provider.RemoteSubscriptionsServed);
        await owner.Stream(streamId).OnNextAsync(new StreamItem { Number = 1 });

        await scope.Probe.Signal("stream-item-in-turn:subscriber:1").Task.WaitSignal();
        Assert.Equal(1, await grain.StreamItemsReceived());

        // Deactivation ends the grain's subscriptions: the call is cancelled and the owner drops its side.
        await grain.Deactivate();
        await scope.Probe.WhenDeactivated("subscriber").WaitSignal();
        await WaitUntilAsync(() => grainSilo.OutgoingSubscriptions == 0 && owner.Provider.RemoteSubscriptionsServed == 0, "the deactivated grain's subscription ended on both sides");
    }

    [Fact]
    public async Task Remote_publication_errors_are_those_of_a_local_stream()
    {
        await using var cluster = new ClusterStreamHarness();
        var a = await cluster.StartSiloAsync("a");
        var b = await cluster.StartSiloAsync("b");
        cluster.Ownership.Assign(Room, b.Address);
        Assert.Equal(new StreamSequenceToken(5), await a.Stream(Room).OnNextAsync(new StreamItem { Number = 1 }, new StreamSequenceToken(5)));

        var stale = await Assert.ThrowsAsync<ArgumentException>(() => a.Stream(Room).OnNextAsync(new StreamItem { Number = 2 }, new StreamSequenceToken(5)));
        var wrongType = await Assert.ThrowsAsync<InvalidOperationException>(() => a.Provider.GetStream<EchoRequest>(Room).OnNextAsync(new EchoRequest()));

        Assert.Contains("token 5 must be positive and greater than the last token 5", stale.Message, StringComparison.Ordinal);
        Assert.Contains("carries orleanschat.runtime.tests.StreamItem items, not orleanschat.runtime.tests.EchoRequest", wrongType.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Owner_releases_a_stream_no_silo_can_own_and_publishers_are_told_the_owner_is_unavailable()
    {
        await using var cluster = new ClusterStreamHarness();
        var a = await cluster.StartSiloAsync("a");
        var b = await cluster.StartSiloAsync("b");
        cluster.Ownership.Assign(Room, b.Address);
        var local = new StreamRecorder(expected: 1);
        await b.Stream(Room).SubscribeAsync(local);
        await a.Stream(Room).OnNextAsync(new StreamItem { Number = 1 });
        await local.Received.WaitSignal();

        cluster.Ownership.Unassign(Room);
        cluster.View.Bump();

        var error = Assert.IsType<StreamOwnerChangedException>(await local.Error.WaitSignal());
        Assert.Equal(StreamOwnerChangeReason.OwnershipMoved, error.Reason);
        Assert.Equal(new StreamSequenceToken(2), error.NextToken);
        Assert.Empty(b.Provider.OwnedStreams);
        await Assert.ThrowsAsync<SiloUnavailableException>(() => a.Stream(Room).OnNextAsync(new StreamItem { Number = 2 }));
    }

    [Fact]
    public async Task Subscription_limits_refuse_new_subscriptions_naming_the_option()
    {
        await using var cluster = new ClusterStreamHarness();
        var a = await cluster.StartSiloAsync("a", cluster: o => o.MaxOutgoingSubscriptions = 1);
        var b = await cluster.StartSiloAsync("b", cluster: o => o.MaxRemoteSubscriptions = 1);
        var c = await cluster.StartSiloAsync("c");
        cluster.Ownership.Assign(Room, b.Address);
        var other = StreamId.Create("test", "other");
        cluster.Ownership.Assign(other, c.Address);
        await a.Stream(Room).SubscribeAsync(new StreamRecorder(1));

        var outgoing = await Assert.ThrowsAsync<InvalidOperationException>(() => a.Stream(other).SubscribeAsync(new StreamRecorder(1)));
        var served = await Assert.ThrowsAsync<InvalidOperationException>(() => c.Stream(Room).SubscribeAsync(new StreamRecorder(1)));

        Assert.Contains("ClusterStreamOptions.MaxOutgoingSubscriptions (1)", outgoing.Message, StringComparison.Ordinal);
        Assert.Contains("ClusterStreamOptions.MaxRemoteSubscriptions (1)", served.Message, StringComparison.Ordinal);
        Assert.Equal(1, b.Provider.RemoteSubscriptionsServed);
        Assert.Equal(0, c.Provider.OutgoingSubscriptions);
    }

    [Fact]
    public async Task Invalid_cluster_stream_options_fail_the_start_naming_the_option()
    {
        await using var cluster = new ClusterStreamHarness();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => cluster.StartSiloAsync("a", cluster: o =>
        {
            o.MaxOwnerRetries = -1;
            o.Colocation["rooms"] = "";
        }));

        Assert.Contains("ClusterStreamOptions.MaxOwnerRetries must be at least 0 (was -1).", error.Message, StringComparison.Ordinal);
        Assert.Contains("ClusterStreamOptions.Colocation[\"rooms\"] (a grain type) must be set.", error.Message, StringComparison.Ordinal);
    }

    private static async Task<(ClusterStreamSilo A, ClusterStreamSilo B, ClusterStreamSilo C)> StartThreeAsync(
        ClusterStreamHarness cluster,
        Action<ClusterStreamOptions>? options = null) =>
        (await cluster.StartSiloAsync("a", cluster: options), await cluster.StartSiloAsync("b", cluster: options), await cluster.StartSiloAsync("c", cluster: options));

    /// <summary>Polls a condition that has no signal (a counter on another silo), failing the test after the signal timeout.</summary>
    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Signal);
        while (!condition())
        {
            Assert.False(timeout.IsCancellationRequested, "Timed out waiting until " + what + ".");
            await Task.Delay(TimeSpan.FromMilliseconds(10));
        }
    }
}

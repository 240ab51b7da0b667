using OrleansChat.Runtime.Hosting;
using OrleansChat.Runtime.Streams;
using OrleansChat.Runtime.Tests.Grains;
using OrleansChat.Runtime.Tests.Infrastructure;
using OrleansChat.Runtime.Tests.Messages;

namespace OrleansChat.Runtime.Tests;

public sealed class StreamTests
{
    [Fact]
    public async Task Items_arrive_in_publication_order_with_increasing_tokens()
    {
        await using var scope = await StartAsync();
        var stream = Stream(scope, "order");
        var recorder = new StreamRecorder(expected: 500);
        await stream.SubscribeAsync(recorder);

        var tokens = new List<long>();
        for (var i = 1; i <= 500; i++)
        {
            tokens.Add((await stream.OnNextAsync(new StreamItem { Number = i })).SequenceNumber);
        }

        await recorder.Received.WaitSignal();
        Assert.Equal(Enumerable.Range(1, 500).Select(i => (long)i), tokens);
        Assert.Equal(Enumerable.Range(1, 500).Select(i => ((long)i, (long)i)), recorder.Items);
    }

    [Fact]
    public async Task Subscribing_from_a_token_replays_the_cache_then_continues_live_without_gap_or_duplicate()
    {
        await using var scope = await StartAsync();
        var stream = Stream(scope, "rewind");
        for (var i = 1; i <= 10; i++)
        {
            await stream.OnNextAsync(new StreamItem { Number = i });
        }

        var recorder = new StreamRecorder(expected: 16);
        var publisher = Task.Run(async () =>
        {
            for (var i = 11; i <= 20; i++)
            {
                await stream.OnNextAsync(new StreamItem { Number = i });
            }
        });
        await stream.SubscribeAsync(recorder, new StreamSequenceToken(5));
        await publisher;

        await recorder.Received.WaitSignal();
        Assert.Equal(Enumerable.Range(5, 16).Select(i => (long)i), recorder.Numbers);
    }

    [Fact]
    public async Task Rewind_older_than_the_cache_reports_StreamRewindUnavailableException_with_the_oldest_token()
    {
        await using var scope = await StartAsync(o => o.CacheSize = 4);
        var stream = Stream(scope, "too-old");
        var fresh = await Assert.ThrowsAsync<StreamRewindUnavailableException>(() => stream.SubscribeAsync(new StreamRecorder(1), new StreamSequenceToken(1)));
        Assert.Null(fresh.OldestAvailableToken);
        for (var i = 1; i <= 10; i++)
        {
            await stream.OnNextAsync(new StreamItem { Number = i });
        }

        var error = await Assert.ThrowsAsync<StreamRewindUnavailableException>(() => stream.SubscribeAsync(new StreamRecorder(1), new StreamSequenceToken(6)));

        Assert.Equal(new StreamSequenceToken(7), error.OldestAvailableToken);
        Assert.Equal(new StreamSequenceToken(10), error.NewestToken);
        Assert.Contains("test/too-old cannot rewind to token 6: the cache holds tokens 7 to 10", error.Message, StringComparison.Ordinal);
        var recorder = new StreamRecorder(expected: 4);
        await stream.SubscribeAsync(recorder, error.OldestAvailableToken);
        await recorder.Received.WaitSignal();
        Assert.Equal([7L, 8, 9, 10], recorder.Numbers);
    }

    [Fact]
    public async Task Overflowing_subscriber_is_cut_off_and_the_others_are_unaffected()
    {
        await using var scope = await StartAsync(o => o.SubscriberQueueCapacity = 4);
        var stream = Stream(scope, "overflow");
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = new StreamRecorder(expected: 1, gate: release.Task);
        var fast = new StreamRecorder(expected: 20);
        var slowHandle = await stream.SubscribeAsync(slow);
        await stream.SubscribeAsync(fast);

        for (var i = 1; i <= 20; i++)
        {
            // Publishing never waits for the blocked subscriber; the test waits for the fast one so it never overflows.
            await stream.OnNextAsync(new StreamItem { Number = i });
            await fast.WhenReceived(i).WaitSignal();
        }

        release.TrySetResult();
        var error = Assert.IsType<StreamSubscriberOverflowException>(await slow.Error.WaitSignal());

        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), fast.Numbers);
        Assert.Equal(slowHandle.HandleId, error.HandleId);
        Assert.Equal(4, error.QueueCapacity);
        Assert.Contains("fell more than 4 items behind", error.Message, StringComparison.Ordinal);
        Assert.Equal(slow.Items.Count + 1, error.NextToken!.SequenceNumber);
        Assert.DoesNotContain(await stream.GetAllSubscriptionHandles(), h => h.HandleId == slowHandle.HandleId);
    }

    [Fact]
    public async Task Unsubscribed_observer_gets_no_further_items()
    {
        await using var scope = await StartAsync();
        var stream = Stream(scope, "unsubscribe");
        var leaving = new StreamRecorder(expected: 1);
        var staying = new StreamRecorder(expected: 2);
        var handle = await stream.SubscribeAsync(leaving);
        await stream.SubscribeAsync(staying);

        await stream.OnNextAsync(new StreamItem { Number = 1 });
        await leaving.Received.WaitSignal();
        await handle.UnsubscribeAsync();
        await stream.OnNextAsync(new StreamItem { Number = 2 });
        await staying.Received.WaitSignal();

        Assert.Equal([1L], leaving.Numbers);
        Assert.Single(await stream.GetAllSubscriptionHandles());
    }

    [Fact]
    public async Task Publisher_supplied_tokens_are_kept_and_must_increase()
    {
        await using var scope = await StartAsync();
        var stream = Stream(scope, "explicit");
        var recorder = new StreamRecorder(expected: 2);
        await stream.SubscribeAsync(recorder);

        Assert.Equal(new StreamSequenceToken(51), await stream.OnNextAsync(new StreamItem { Number = 1 }, new StreamSequenceToken(51)));
        Assert.Equal(new StreamSequenceToken(52), await stream.OnNextAsync(new StreamItem { Number = 2 }));
        await Assert.ThrowsAsync<ArgumentException>(() => stream.OnNextAsync(new StreamItem { Number = 3 }, new StreamSequenceToken(52)));

        await recorder.Received.WaitSignal();
        Assert.Equal([(1L, 51L), (2L, 52L)], recorder.Items);
    }

    private static Task<ClusterScope> StartAsync(Action<MemoryStreamOptions>? configure = null) =>
        ClusterScope.StartAsync(services => services.AddGrains(typeof(EchoGrain)).AddMemoryStreams("Default", configure));

    private static IAsyncStream<StreamItem> Stream(ClusterScope scope, string key) =>
        scope.Cluster.Primary.Services.GetStreamProvider("Default").GetStream<StreamItem>(StreamId.Create("test", key));
}

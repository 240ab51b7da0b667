using BenchmarkDotNet.Attributes;
using Google.Protobuf.WellKnownTypes;
using OrleansChat.Runtime.Hosting;
using OrleansChat.Runtime.Streams;
using OrleansChat.Runtime.Testing;

namespace OrleansChat.Bench.RuntimeBenchmarks;

/// <summary>
/// In-memory stream publish-to-deliver throughput: publish a batch and wait until every subscriber has received all of it
/// (each delivery is a copy of the item, as between silos).
/// </summary>
[MemoryDiagnoser]
public class StreamBenchmarks
{
    private const int Batch = 10_000;

    private TestCluster _cluster = null!;
    private IAsyncStream<Int64Value> _stream = null!;
    private CountingObserver[] _observers = [];

    /// <summary>How many subscribers the stream has.</summary>
    [Params(1, 10)]
    public int Subscribers { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _cluster = await TestCluster.StartAsync(new TestClusterOptions
        {
            ConfigureServices = services => services
                .AddGrains(typeof(EchoBenchGrain))
                .AddMemoryStreams("Default", o => o.SubscriberQueueCapacity = Batch * 2),
        });
        _stream = _cluster.Primary.Services.GetStreamProvider("Default").GetStream<Int64Value>(StreamId.Create("bench", "room"));
        _observers = Enumerable.Range(0, Subscribers).Select(_ => new CountingObserver()).ToArray();
        foreach (var observer in _observers)
        {
            await _stream.SubscribeAsync(observer);
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _cluster.DisposeAsync();

    /// <summary>Publishes 10 000 items and waits for every subscriber to receive them; time per published item.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public async Task Publish_to_deliver()
    {
        var delivered = Task.WhenAll(_observers.Select(o => o.Expect(Batch)));
        for (var i = 0; i < Batch; i++)
        {
            await _stream.OnNextAsync(new Int64Value { Value = i });
        }

        await delivered;
    }
}

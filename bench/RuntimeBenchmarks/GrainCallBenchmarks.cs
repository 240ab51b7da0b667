using BenchmarkDotNet.Attributes;
using Google.Protobuf.WellKnownTypes;
using OrleansChat.Runtime.Hosting;
using OrleansChat.Runtime.Testing;

namespace OrleansChat.Bench.RuntimeBenchmarks;

/// <summary>
/// Local grain calls through a runtime-generated proxy, the grain's mailbox and back (arguments and result copied):
/// one call at a time (latency), and many calls in flight to one grain or spread over many grains (throughput).
/// </summary>
[MemoryDiagnoser]
public class GrainCallBenchmarks
{
    private const int InFlight = 1_000;
    private const int GrainCount = 100;

    private static readonly StringValue Message = new() { Value = "hello, room" };

    private TestCluster _cluster = null!;
    private IEchoBenchGrain _grain = null!;
    private IEchoBenchGrain[] _grains = [];
    private Task[] _calls = [];

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _cluster = await TestCluster.StartAsync(new TestClusterOptions
        {
            ConfigureServices = services => services.AddGrains(typeof(EchoBenchGrain)),
        });
        _grain = _cluster.GrainFactory.GetGrain<IEchoBenchGrain>("echo");
        _grains = Enumerable.Range(0, GrainCount).Select(i => _cluster.GrainFactory.GetGrain<IEchoBenchGrain>("echo-" + i)).ToArray();
        _calls = new Task[InFlight];
        await _grain.Echo(Message);
        await Task.WhenAll(_grains.Select(g => g.Echo(Message)));
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _cluster.DisposeAsync();

    /// <summary>One call, awaited: the round-trip latency of a local grain call.</summary>
    [Benchmark(Baseline = true)]
    public Task<StringValue> Call_latency() => _grain.Echo(Message);

    /// <summary>1 000 calls in flight to one grain (they queue in its mailbox); time per call.</summary>
    [Benchmark(OperationsPerInvoke = InFlight)]
    public Task Calls_in_flight_to_one_grain()
    {
        for (var i = 0; i < InFlight; i++)
        {
            _calls[i] = _grain.Echo(Message);
        }

        return Task.WhenAll(_calls);
    }

    /// <summary>1 000 calls in flight spread over 100 grains; time per call.</summary>
    [Benchmark(OperationsPerInvoke = InFlight)]
    public Task Calls_in_flight_to_100_grains()
    {
        for (var i = 0; i < InFlight; i++)
        {
            _calls[i] = _grains[i % GrainCount].Echo(Message);
        }

        return Task.WhenAll(_calls);
    }
}

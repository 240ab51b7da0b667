using Google.Protobuf.WellKnownTypes;
using OrleansChat.Runtime;

namespace OrleansChat.Bench.RuntimeBenchmarks;

/// <summary>Returns what it is given.</summary>
public sealed class EchoBenchGrain : Grain, IEchoBenchGrain
{
    public Task<StringValue> Echo(StringValue message) => Task.FromResult(message);
}

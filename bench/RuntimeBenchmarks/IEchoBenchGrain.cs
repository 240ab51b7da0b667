using Google.Protobuf.WellKnownTypes;
using OrleansChat.Runtime;

namespace OrleansChat.Bench.RuntimeBenchmarks;

/// <summary>The grain called by <see cref="GrainCallBenchmarks"/>.</summary>
public interface IEchoBenchGrain : IGrainWithStringKey
{
    Task<StringValue> Echo(StringValue message);
}

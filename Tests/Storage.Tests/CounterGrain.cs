using Google.Protobuf.WellKnownTypes;
using Orleans;
using Orleans.Runtime;

namespace OrleansChat.Storage.Tests;

[Alias("storage-tests.counter")]
public interface ICounterGrain : IGrainWithStringKey
{
    [Alias("add")]
    Task<long> Add(long amount);

    [Alias("get")]
    Task<long> Get();
}

/// <summary>A grain whose state is a protobuf message kept by the SQLite storage.</summary>
public sealed class CounterGrain([PersistentState("counter", CounterGrain.StorageName)] IPersistentState<Int64Value> counter) : Grain, ICounterGrain
{
    public const string StorageName = "chat";

    public async Task<long> Add(long amount)
    {
        counter.State.Value += amount;
        await counter.WriteStateAsync();
        return counter.State.Value;
    }

    public Task<long> Get() => Task.FromResult(counter.State.Value);
}

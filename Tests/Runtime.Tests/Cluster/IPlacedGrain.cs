using OrleansChat.Runtime.Tests.Grains;
using OrleansChat.Runtime.Tests.Messages;

namespace OrleansChat.Runtime.Tests.Cluster;

/// <summary>A grain for cluster tests: says where it runs, keeps a persistent counter, records call order, echoes values.</summary>
public interface IPlacedGrain : IGrainWithStringKey
{
    Task<string> WhereAmI();

    Task<long> Increment();

    Task<long> Get();

    Task WriteOnDeactivation(long value);

    Task Record(int number);

    Task<List<int>> Recorded();

    Task<EchoReply> Echo(EchoRequest request, CancellationToken cancellationToken);

    Task<List<string>> Reverse(List<string> items);

    Task<int[]> Lengths(string[] words);

    Task<string?> Same(string? text);

    Task<string> Describe(
        bool flag, int i, long l, uint u, ulong ul, double d, float f, Guid g, DateTime dt, DateTimeOffset dto, TimeSpan ts,
        DayOfWeek day, byte[] bytes, int? maybe, int? none);

    ValueTask<IPlacedGrain> Friend(string key);

    Task<string> AskWhere(IPlacedGrain other);

    Task<List<string>> AskAll(List<IPlacedGrain> others);

    Task Throw(string kind, string message);

    Task Subscribe(ITestObserver observer);

    Task<string> WaitForGate(string text);
}

namespace OrleansChat.Runtime.Tests.Grains;

public interface ICounterGrain : IGrainWithStringKey
{
    Task<long> Increment();

    Task<long> Get();

    Task<long> ValueSeenAtActivation();

    Task<string> Etag();

    Task<int> AuditCount();

    Task SetOnDeactivation(long value);

    Task Clear();

    Task Deactivate();
}

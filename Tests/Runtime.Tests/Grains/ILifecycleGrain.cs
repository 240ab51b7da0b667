namespace OrleansChat.Runtime.Tests.Grains;

public interface ILifecycleGrain : IGrainWithStringKey
{
    Task<int> Touch();

    Task SetKeepAlive(bool keepAlive);

    Task SubscribeToStream(string streamKey);

    Task<int> StreamItemsReceived();

    Task Deactivate();
}

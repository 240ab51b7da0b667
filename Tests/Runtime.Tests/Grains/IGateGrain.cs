namespace OrleansChat.Runtime.Tests.Grains;

public interface IGateGrain : IGrainWithStringKey
{
    Task Block();

    Task Ping();

    Task CallSelf();
}

namespace OrleansChat.Runtime.Tests.Grains;

public interface ITurnGrain : IGrainWithStringKey
{
    Task Enter(int caller, int sequence);

    Task<int> MaxConcurrency();

    Task<int> OrderViolations();

    Task<int> Calls();

    Task StartTimer(int ticks);
}

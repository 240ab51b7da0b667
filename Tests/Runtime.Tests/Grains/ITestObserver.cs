namespace OrleansChat.Runtime.Tests.Grains;

public interface ITestObserver : IGrainObserver
{
    Task OnMessage(string text);
}

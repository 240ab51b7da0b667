namespace OrleansChat.Runtime.Tests.Grains;

public interface IObservableGrain : IGrainWithStringKey
{
    Task Subscribe(ITestObserver observer);

    Task Unsubscribe(ITestObserver observer);

    Task Publish(string text);

    Task PublishAndWait(string text);

    Task<int> ObserverCount();

    Task SetNotificationTimeout(TimeSpan timeout);
}

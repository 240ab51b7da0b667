using Microsoft.Extensions.Logging;

namespace OrleansChat.Runtime.Tests.Grains;

/// <summary>Keeps observers in an <see cref="ObserverManager{TObserver}"/> and notifies them.</summary>
public sealed class ObservableGrain(ILogger<ObservableGrain> logger) : Grain, IObservableGrain
{
    private readonly ObserverManager<ITestObserver> _observers = new(TimeSpan.FromMinutes(5), logger);

    protected override bool KeepAlive => _observers.Count > 0;

    public Task Subscribe(ITestObserver observer)
    {
        _observers.Subscribe(observer);
        return Task.CompletedTask;
    }

    public Task Unsubscribe(ITestObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    public Task Publish(string text) => _observers.Notify(o => o.OnMessage(text));

    public Task PublishAndWait(string text) => _observers.NotifyAndWaitAsync(o => o.OnMessage(text));

    public Task<int> ObserverCount() => Task.FromResult(_observers.Count);

    public Task SetNotificationTimeout(TimeSpan timeout)
    {
        _observers.NotificationTimeout = timeout;
        return Task.CompletedTask;
    }
}

using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace OrleansChat.Runtime;

/// <summary>
/// Keeps a grain's observers with expiry, like Orleans' <c>Orleans.Utilities.ObserverManager</c>:
/// subscribers call <see cref="Subscribe"/> to add or renew themselves and are dropped after
/// <see cref="ExpirationDuration"/> without renewal.
/// Unlike Orleans (whose <c>Notify</c> awaits each observer in turn), <see cref="Notify"/> sends to all observers
/// concurrently and does not wait for them: one slow or dead observer never delays the others or the grain; an
/// observer that fails or exceeds <see cref="NotificationTimeout"/> is removed and logged.
/// </summary>
/// <remarks>
/// Safe to use from grain code (it is thread-safe internally, so notifications that complete after the
/// turn can remove failed observers). To keep the grain active while it has observers, override
/// <see cref="Grain.KeepAlive"/> with <c>=&gt; _observers.Count &gt; 0</c>.
/// </remarks>
/// <typeparam name="TObserver">The observer interface.</typeparam>
public sealed class ObserverManager<TObserver>
    where TObserver : class
{
    private readonly ConcurrentDictionary<TObserver, DateTimeOffset> _observers = new();
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private TimeSpan _expirationDuration;
    private TimeSpan _notificationTimeout = TimeSpan.FromSeconds(10);
    private int _maxObservers = 10_000;

    /// <summary>Creates a manager.</summary>
    /// <param name="expirationDuration">How long a subscription lives without renewal.</param>
    /// <param name="logger">Logs removed observers.</param>
    /// <param name="timeProvider">The clock; the system clock when null.</param>
    public ObserverManager(TimeSpan expirationDuration, ILogger logger, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(logger);
        ExpirationDuration = expirationDuration;
        _logger = logger;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>How long a subscription lives without renewal. Must be positive.</summary>
    public TimeSpan ExpirationDuration
    {
        get => _expirationDuration;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero, nameof(ExpirationDuration));
            _expirationDuration = value;
        }
    }

    /// <summary>How long one notification to one observer may take before that observer is removed. Default 10 s.</summary>
    public TimeSpan NotificationTimeout
    {
        get => _notificationTimeout;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero, nameof(NotificationTimeout));
            _notificationTimeout = value;
        }
    }

    /// <summary>The most observers kept at once. Default 10 000.</summary>
    public int MaxObservers
    {
        get => _maxObservers;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, nameof(MaxObservers));
            _maxObservers = value;
        }
    }

    /// <summary>The number of observers (including expired ones not yet cleared).</summary>
    public int Count => _observers.Count;

    /// <summary>A snapshot of the observers.</summary>
    public IReadOnlyList<TObserver> Observers => [.. _observers.Keys];

    /// <summary>Adds an observer, or renews its expiry if present.</summary>
    /// <exception cref="InvalidOperationException">The manager already holds <see cref="MaxObservers"/> live observers.</exception>
    public void Subscribe(TObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        var now = _timeProvider.GetUtcNow();
        if (_observers.ContainsKey(observer))
        {
            _observers[observer] = now;
            return;
        }

        if (_observers.Count >= _maxObservers)
        {
            ClearExpired();
            if (_observers.Count >= _maxObservers)
            {
                throw new InvalidOperationException(
                    "ObserverManager<" + typeof(TObserver).Name + "> already holds MaxObservers (" + _maxObservers + ") observers.");
            }
        }

        _observers[observer] = now;
        ObserverManagerLog.Subscribed(_logger, typeof(TObserver).Name, _observers.Count);
    }

    /// <summary>Removes an observer; returns whether it was present.</summary>
    public bool Unsubscribe(TObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        return _observers.TryRemove(observer, out _);
    }

    /// <summary>Removes every observer.</summary>
    public void Clear() => _observers.Clear();

    /// <summary>Removes the observers whose subscription expired; returns how many.</summary>
    public int ClearExpired()
    {
        var now = _timeProvider.GetUtcNow();
        var removed = 0;
        foreach (var (observer, renewed) in _observers)
        {
            if (IsExpired(renewed, now) && _observers.TryRemove(new KeyValuePair<TObserver, DateTimeOffset>(observer, renewed)))
            {
                removed++;
                ObserverManagerLog.Expired(_logger, typeof(TObserver).Name);
            }
        }

        return removed;
    }

    /// <summary>
    /// Sends a notification to every live observer (those matching <paramref name="predicate"/>) concurrently and
    /// returns without waiting for any of them, so a slow observer never holds up the grain's next turn or the
    /// next notification. Outcomes are tracked in the background: an observer whose notification fails or exceeds
    /// <see cref="NotificationTimeout"/> is removed and logged. Expired observers are removed and skipped.
    /// </summary>
    public Task Notify(Func<TObserver, Task> notification, Predicate<TObserver>? predicate = null)
    {
        Dispatch(notification, predicate);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Like <see cref="Notify"/>, but the returned task completes when every notification has completed, failed or
    /// timed out (and failed observers are removed). It never faults. Use it when delivery must be known to be
    /// finished; awaiting it inside a turn lets a slow observer delay the grain by up to <see cref="NotificationTimeout"/>.
    /// </summary>
    public Task NotifyAndWaitAsync(Func<TObserver, Task> notification, Predicate<TObserver>? predicate = null)
    {
        var pending = Dispatch(notification, predicate);
        return pending is null ? Task.CompletedTask : Task.WhenAll(pending);
    }

    private List<Task>? Dispatch(Func<TObserver, Task> notification, Predicate<TObserver>? predicate)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var now = _timeProvider.GetUtcNow();
        List<Task>? pending = null;
        foreach (var (observer, renewed) in _observers)
        {
            if (IsExpired(renewed, now))
            {
                if (_observers.TryRemove(new KeyValuePair<TObserver, DateTimeOffset>(observer, renewed)))
                {
                    ObserverManagerLog.Expired(_logger, typeof(TObserver).Name);
                }

                continue;
            }

            if (predicate is not null && !predicate(observer))
            {
                continue;
            }

            Task task;
            try
            {
                task = notification(observer);
            }
            catch (Exception exception)
            {
                RemoveFailed(observer, exception);
                continue;
            }

            if (task.IsCompletedSuccessfully)
            {
                continue;
            }

            (pending ??= []).Add(AwaitNotificationAsync(observer, task));
        }

        return pending;
    }

    private async Task AwaitNotificationAsync(TObserver observer, Task task)
    {
        try
        {
            await task.WaitAsync(_notificationTimeout, _timeProvider).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            RemoveFailed(observer, exception);
        }
    }

    private void RemoveFailed(TObserver observer, Exception exception)
    {
        if (_observers.TryRemove(observer, out _))
        {
            ObserverManagerLog.RemovedFailed(_logger, typeof(TObserver).Name, exception);
        }
    }

    private bool IsExpired(DateTimeOffset renewed, DateTimeOffset now) => now - renewed > _expirationDuration;
}

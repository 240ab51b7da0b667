using System.Collections.Concurrent;

namespace OrleansChat.Runtime.Tests.Infrastructure;

/// <summary>
/// A singleton the test grains report to (activations, deactivations, stream items, KeepAlive checks), with signals
/// tests can wait on instead of sleeping.
/// </summary>
public sealed class GrainProbe
{
    private readonly ConcurrentDictionary<string, int> _activations = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<DeactivationReason>> _deactivations = new();
    private readonly ConcurrentDictionary<string, int> _keepAliveChecks = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _keepAliveChecked = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _signals = new();

    /// <summary>Keys whose activation must fail.</summary>
    public ConcurrentDictionary<string, bool> FailActivation { get; } = new();

    /// <summary>Keys whose OnDeactivateAsync signals "deactivating:key" and then waits for <see cref="Gate"/>.</summary>
    public ConcurrentDictionary<string, bool> BlockDeactivation { get; } = new();

    /// <summary>Released by tests to unblock grains waiting in <see cref="Gate"/>.</summary>
    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Activated(string key) => _activations.AddOrUpdate(key, 1, (_, n) => n + 1);

    public int Activations(string key) => _activations.GetValueOrDefault(key);

    public void Deactivated(string key, DeactivationReason reason) => DeactivationSignal(key).TrySetResult(reason);

    /// <summary>Completes when the grain with this key deactivated (first time).</summary>
    public Task<DeactivationReason> WhenDeactivated(string key) => DeactivationSignal(key).Task;

    public bool HasDeactivated(string key) => DeactivationSignal(key).Task.IsCompleted;

    public void KeepAliveChecked(string key)
    {
        var count = _keepAliveChecks.AddOrUpdate(key, 1, (_, n) => n + 1);
        if (count >= 2)
        {
            KeepAliveSignal(key).TrySetResult();
        }
    }

    /// <summary>Completes once the idle collector has asked the grain twice whether it must stay.</summary>
    public Task WhenKeepAliveCheckedTwice(string key) => KeepAliveSignal(key).Task;

    /// <summary>A named one-shot signal.</summary>
    public TaskCompletionSource Signal(string name) =>
        _signals.GetOrAdd(name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    private TaskCompletionSource<DeactivationReason> DeactivationSignal(string key) =>
        _deactivations.GetOrAdd(key, _ => new TaskCompletionSource<DeactivationReason>(TaskCreationOptions.RunContinuationsAsynchronously));

    private TaskCompletionSource KeepAliveSignal(string key) =>
        _keepAliveChecked.GetOrAdd(key, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}

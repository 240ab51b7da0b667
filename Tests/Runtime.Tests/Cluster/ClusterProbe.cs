using System.Collections.Concurrent;

namespace OrleansChat.Runtime.Tests.Cluster;

/// <summary>
/// Shared by every silo of a test cluster: where grains activate and deactivate (and why), named signals, and a gate
/// grains can wait on.
/// </summary>
public sealed class ClusterProbe
{
    private readonly ConcurrentQueue<(string Key, string Silo)> _activations = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(string Silo, DeactivationReasonCode Reason)>> _deactivations = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _signals = new();

    /// <summary>Released by tests to let grains waiting in <c>WaitForGate</c> go on.</summary>
    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Activated(string key, string silo) => _activations.Enqueue((key, silo));

    public int Activations(string key) => _activations.Count(a => a.Key == key);

    public IReadOnlyList<string> ActivationSilos(string key) => [.. _activations.Where(a => a.Key == key).Select(a => a.Silo)];

    public void Deactivated(string key, string silo, DeactivationReasonCode reason)
    {
        _deactivations.GetOrAdd(key, _ => new()).Enqueue((silo, reason));
        Signal("deactivated:" + key).TrySetResult();
    }

    public IReadOnlyList<(string Silo, DeactivationReasonCode Reason)> Deactivations(string key) =>
        _deactivations.TryGetValue(key, out var list) ? [.. list] : [];

    /// <summary>A named one-shot signal.</summary>
    public TaskCompletionSource Signal(string name) =>
        _signals.GetOrAdd(name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}

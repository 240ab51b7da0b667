using System.Collections.Concurrent;
using System.Collections.Frozen;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using OrleansChat.Runtime.Cluster.Protocol;
using OrleansChat.Runtime.Membership;
using OrleansChat.Runtime.Messaging;
using OrleansChat.Runtime.Placement;

namespace OrleansChat.Runtime.Cluster;

/// <summary>
/// A cluster client's knowledge of which grain type implements each grain interface, read from the silos
/// (<c>SiloMessaging/GetManifest</c>) as they become active. A client hosts no grain classes, so this is how
/// <c>GetGrain&lt;IRoomGrain&gt;("general")</c> becomes grain id "room/general" there as on the silos.
/// </summary>
internal sealed class ClusterManifest(ISiloChannelPool channels, ILogger logger)
{
    private static readonly TimeSpan FetchTimeout = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<SiloAddress, bool> _read = new();
    private readonly Lock _gate = new();
    private FrozenDictionary<string, string[]> _grainTypes = FrozenDictionary<string, string[]>.Empty;

    /// <summary>The number of grain interfaces known.</summary>
    public int InterfaceCount => _grainTypes.Count;

    /// <summary>Reads the manifest of every active silo not read yet. Failures are logged and retried on the next call.</summary>
    public async Task RefreshAsync(MembershipSnapshot snapshot, CancellationToken cancellationToken)
    {
        foreach (var silo in snapshot.ActiveSilos)
        {
            if (_read.ContainsKey(silo))
            {
                continue;
            }

            try
            {
                using var call = channels.GetInvoker(silo).AsyncUnaryCall(
                    SiloMessagingMethods.GetManifest,
                    host: null,
                    new CallOptions(deadline: DateTime.UtcNow + FetchTimeout, cancellationToken: cancellationToken),
                    new ManifestRequest());
                Merge(await call.ResponseAsync.ConfigureAwait(false));
                _read[silo] = true;
            }
            catch (RpcException exception) when (!cancellationToken.IsCancellationRequested)
            {
                ClusterLog.ManifestFetchFailed(logger, silo.ToString(), exception);
            }
        }
    }

    /// <summary>The grain type implementing <paramref name="grainInterface"/>.</summary>
    /// <exception cref="InvalidOperationException">No manifest has been read yet.</exception>
    /// <exception cref="ArgumentException">No silo hosts a class implementing it, or several do.</exception>
    public string ResolveGrainType(Type grainInterface)
    {
        var known = _grainTypes;
        if (known.Count == 0)
        {
            throw new InvalidOperationException(
                "The cluster client has not read any silo's grain manifest yet (no silo active, or not reached yet); await IClusterClient.WaitForClusterAsync before GetGrain.");
        }

        if (!known.TryGetValue(grainInterface.FullName ?? grainInterface.Name, out var grainTypes))
        {
            throw new ArgumentException(
                "No silo of the cluster hosts a grain class implementing " + TypeNames.Full(grainInterface) + ".", nameof(grainInterface));
        }

        if (grainTypes.Length > 1)
        {
            throw new ArgumentException(
                TypeNames.Full(grainInterface) + " is implemented by several grain types (" + string.Join(", ", grainTypes) + "); ask for a more specific interface.",
                nameof(grainInterface));
        }

        return grainTypes[0];
    }

    private void Merge(Manifest manifest)
    {
        lock (_gate)
        {
            var merged = _grainTypes.ToDictionary(p => p.Key, p => new HashSet<string>(p.Value, StringComparer.Ordinal), StringComparer.Ordinal);
            foreach (var entry in manifest.Interfaces)
            {
                if (!merged.TryGetValue(entry.InterfaceName, out var types))
                {
                    merged[entry.InterfaceName] = types = new HashSet<string>(StringComparer.Ordinal);
                }

                types.Add(entry.GrainType);
            }

            _grainTypes = merged.ToFrozenDictionary(p => p.Key, p => p.Value.Order(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
        }
    }
}

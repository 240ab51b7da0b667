using Microsoft.Extensions.Logging;
using OrleansChat.Runtime.Membership;
using OrleansChat.Runtime.Messaging;
using OrleansChat.Runtime.Placement;

namespace OrleansChat.Runtime.Cluster;

/// <summary>
/// The invoker behind every grain reference of a silo in a cluster, and of a cluster client: places the grain by
/// hashing over the active silos of the local view, runs the call on this silo (<see cref="LocalGrainInvoker"/>) or
/// sends it to the owner (<see cref="RemoteGrainInvoker"/>). A call that certainly did not run
/// (<see cref="CallRejectedException"/>) is placed again within <c>MessagingOptions.ResponseTimeout</c>: when the silo
/// could not be reached it is reported to the view and the call waits for the view to change; when the silo refused it
/// (stopping, moving the grain, or forwarding on a view behind ours) it goes again after a short growing pause, or
/// sooner if the view changes. A call that may have run is never repeated.
/// </summary>
internal sealed class ClusterCallRouter(
    HashPlacementDirector placement,
    IClusterMembershipView view,
    RemoteGrainInvoker remote,
    LocalGrainInvoker? local,
    ClusterSiloDetails? self,
    TimeSpan responseTimeout,
    TimeProvider timeProvider,
    ILogger logger) : IGrainCallInvoker
{
    /// <summary>How many times one call is placed at most.</summary>
    private const int MaxAttempts = 10;

    private const int FirstRetryPauseMilliseconds = 50;

    private const int MaxRetryPauseMilliseconds = 1000;

    public async Task<object?> InvokeAsync(GrainId grainId, GrainMethodDescriptor method, object?[] arguments, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            var snapshot = view.Current;
            var target = placement.Place(grainId, snapshot);
            var remaining = responseTimeout - timeProvider.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                throw new SiloUnavailableException(
                    "Call " + method.DisplayName + " to grain " + grainId + " could not be delivered within MessagingOptions.ResponseTimeout (" + responseTimeout + ").");
            }

            try
            {
                if (local is not null && target == self?.AddressOrNull)
                {
                    return await local.InvokeOrRejectAsync(grainId, method, arguments, cancellationToken).ConfigureAwait(false);
                }

                return await remote.InvokeAsync(target, grainId, MethodWireInfo.For(method), arguments, remaining, cancellationToken).ConfigureAwait(false);
            }
            catch (CallRejectedException rejected)
            {
                remaining = responseTimeout - timeProvider.GetElapsedTime(started);
                if (attempt >= MaxAttempts || remaining <= TimeSpan.Zero)
                {
                    throw new SiloUnavailableException(
                        "Call " + method.DisplayName + " to grain " + grainId + " could not be delivered after " + attempt + " attempts: " + rejected.Message, rejected);
                }

                ClusterLog.CallPlacedAgain(logger, method.DisplayName, grainId, target.ToString(), rejected.Message, attempt + 1);
                if (rejected.Unreachable)
                {
                    // Nothing was sent: tell the view, and place again once it has changed (the silo declared dead).
                    view.ReportUnreachable(target);
                    if (!await WaitForNewerViewAsync(snapshot.Version, remaining, cancellationToken).ConfigureAwait(false))
                    {
                        throw new SiloUnavailableException(
                            "Call " + method.DisplayName + " to grain " + grainId + " could not be delivered: " + rejected.Message
                            + " The membership view did not change within MessagingOptions.ResponseTimeout (" + responseTimeout + ").", rejected);
                    }
                }
                else
                {
                    // The silo refused it (stopping, grain moving, its own view behind ours): place again when our view
                    // changes or after a short pause in which theirs may catch up.
                    var pause = TimeSpan.FromMilliseconds(Math.Min(MaxRetryPauseMilliseconds, FirstRetryPauseMilliseconds << (attempt - 1)));
                    await WaitForNewerViewAsync(snapshot.Version, pause < remaining ? pause : remaining, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>Waits until the view is newer than <paramref name="version"/>; false when that took longer than <paramref name="timeout"/>.</summary>
    private async Task<bool> WaitForNewerViewAsync(long version, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (view.Current.Version > version)
        {
            return true;
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await view.WaitForChangeAsync(version, limit.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}

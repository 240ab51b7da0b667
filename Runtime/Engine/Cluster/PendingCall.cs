using OrleansChat.Runtime.Cluster.Protocol;
using OrleansChat.Runtime.Messaging;
using OrleansChat.Runtime.Placement;

namespace OrleansChat.Runtime.Cluster;

/// <summary>
/// A request on a <see cref="SiloConnection"/> waiting for its response. It knows whether it was handed to the
/// transport, which decides how a broken connection fails it: never sent → <see cref="CallRejectedException"/>
/// (safe to place again), sent → <see cref="SiloUnavailableException"/> (it may have run).
/// </summary>
internal sealed class PendingCall(SiloAddress silo, GrainRequest request)
{
    private const int Queued = 0;
    private const int Sent = 1;
    private const int Done = 2;

    private readonly TaskCompletionSource<GrainResponse> _response = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _state;

    public GrainRequest Request { get; } = request;

    public Task<GrainResponse> Response => _response.Task;

    /// <summary>Called by the writer just before writing; false when the call ended already (timed out, failed).</summary>
    public bool TryMarkSent() => Interlocked.CompareExchange(ref _state, Sent, Queued) == Queued;

    public void Complete(GrainResponse response)
    {
        Volatile.Write(ref _state, Done);
        _response.TrySetResult(response);
    }

    /// <summary>The caller stopped waiting (timeout, cancellation); a request not yet written is then never written.</summary>
    public void Abandon() => Volatile.Write(ref _state, Done);

    /// <summary>Fails the call because its connection ended; <paramref name="reason"/> says why.</summary>
    public void Fail(string reason, bool unreachable, Exception? cause)
    {
        var previous = Interlocked.Exchange(ref _state, Done);
        if (previous == Done)
        {
            // Answered, or abandoned by its caller (timeout, cancellation): nobody waits for this outcome.
            return;
        }

        if (previous == Sent)
        {
            var message = "The call to silo " + silo + " was sent but its connection ended before the response (" + reason + "); it may or may not have run.";
            _response.TrySetException(cause is null ? new SiloUnavailableException(message) : new SiloUnavailableException(message, cause));
        }
        else
        {
            _response.TrySetException(new CallRejectedException(silo, unreachable, "The call was not sent to silo " + silo + ": " + reason, cause));
        }
    }
}

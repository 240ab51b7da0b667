namespace OrleansChat.Grpc.Tests.Infrastructure;

internal static class Cancellation
{
    /// <summary>Completes (cancelled) when the token fires: a handler that waits for its call to be cancelled.</summary>
    public static Task WhenCancelledAsync(CancellationToken cancellationToken)
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cancellationToken.Register(() => cancelled.TrySetCanceled(cancellationToken));
        return cancelled.Task;
    }
}

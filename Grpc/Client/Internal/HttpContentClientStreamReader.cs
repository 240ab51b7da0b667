namespace OrleansChat.Grpc.Client.Internal;

/// <summary>The response stream of a server-streaming or duplex call; one <see cref="MoveNext"/> at a time.</summary>
internal sealed class HttpContentClientStreamReader<TRequest, TResponse>(GrpcCall<TRequest, TResponse> call) : IAsyncStreamReader<TResponse>
{
    private readonly Lock _lock = new();
    private Task<bool>? _moveNextTask;

    public TResponse Current { get; private set; } = default!;

    /// <summary>Reads the next message; false at the end of a call that ended OK, <see cref="RpcException"/>
    /// for any other status. Cancelling <paramref name="cancellationToken"/> cancels the call.</summary>
    public Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_moveNextTask is { IsCompleted: false })
            {
                return Task.FromException<bool>(new InvalidOperationException("Can't read the next message because the previous read is still in progress."));
            }

            return _moveNextTask = MoveNextCoreAsync(cancellationToken);
        }
    }

    private async Task<bool> MoveNextCoreAsync(CancellationToken cancellationToken)
    {
        var (found, message) = await call.ReadMessageAsync(cancellationToken).ConfigureAwait(false);
        Current = found ? message : default!;
        return found;
    }
}

namespace OrleansChat.Grpc;

/// <summary>A server-streaming call in progress (same shape as Grpc.Core): read responses from
/// <see cref="ResponseStream"/>. Dispose cancels an unfinished call.</summary>
public sealed class AsyncServerStreamingCall<TResponse> : IDisposable
{
    private readonly Lazy<Task<Metadata>> _responseHeaders;
    private readonly Func<Status> _getStatus;
    private readonly Func<Metadata> _getTrailers;
    private readonly Action _dispose;

    public AsyncServerStreamingCall(IAsyncStreamReader<TResponse> responseStream, Task<Metadata> responseHeadersAsync, Func<Status> getStatusFunc, Func<Metadata> getTrailersFunc, Action disposeAction)
        : this(responseStream, () => responseHeadersAsync, getStatusFunc, getTrailersFunc, disposeAction)
    {
    }

    /// <param name="responseHeadersAsync">Called once, when <see cref="ResponseHeadersAsync"/> is first read.</param>
    public AsyncServerStreamingCall(IAsyncStreamReader<TResponse> responseStream, Func<Task<Metadata>> responseHeadersAsync, Func<Status> getStatusFunc, Func<Metadata> getTrailersFunc, Action disposeAction)
    {
        ResponseStream = responseStream;
        _responseHeaders = new Lazy<Task<Metadata>>(responseHeadersAsync);
        _getStatus = getStatusFunc;
        _getTrailers = getTrailersFunc;
        _dispose = disposeAction;
    }

    public IAsyncStreamReader<TResponse> ResponseStream { get; }

    public Task<Metadata> ResponseHeadersAsync => _responseHeaders.Value;

    public Status GetStatus() => _getStatus();

    public Metadata GetTrailers() => _getTrailers();

    public void Dispose() => _dispose();
}

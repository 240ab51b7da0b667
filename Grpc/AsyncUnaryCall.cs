using System.Runtime.CompilerServices;

namespace OrleansChat.Grpc;

/// <summary>A unary call in progress (same shape as Grpc.Core). Await it for the response; dispose it to
/// cancel it if it has not finished.</summary>
public sealed class AsyncUnaryCall<TResponse> : IDisposable
{
    private readonly Lazy<Task<Metadata>> _responseHeaders;
    private readonly Func<Status> _getStatus;
    private readonly Func<Metadata> _getTrailers;
    private readonly Action _dispose;

    public AsyncUnaryCall(Task<TResponse> responseAsync, Task<Metadata> responseHeadersAsync, Func<Status> getStatusFunc, Func<Metadata> getTrailersFunc, Action disposeAction)
        : this(responseAsync, () => responseHeadersAsync, getStatusFunc, getTrailersFunc, disposeAction)
    {
    }

    /// <param name="responseHeadersAsync">Called once, when <see cref="ResponseHeadersAsync"/> is first read.</param>
    public AsyncUnaryCall(Task<TResponse> responseAsync, Func<Task<Metadata>> responseHeadersAsync, Func<Status> getStatusFunc, Func<Metadata> getTrailersFunc, Action disposeAction)
    {
        ResponseAsync = responseAsync;
        _responseHeaders = new Lazy<Task<Metadata>>(responseHeadersAsync);
        _getStatus = getStatusFunc;
        _getTrailers = getTrailersFunc;
        _dispose = disposeAction;
    }

    /// <summary>The response; faults with <see cref="RpcException"/> unless the call ends OK.</summary>
    public Task<TResponse> ResponseAsync { get; }

    /// <summary>The response headers' custom metadata; faults with <see cref="RpcException"/> when the call ends without headers.</summary>
    public Task<Metadata> ResponseHeadersAsync => _responseHeaders.Value;

    public TaskAwaiter<TResponse> GetAwaiter() => ResponseAsync.GetAwaiter();

    /// <summary>The final status; throws <see cref="InvalidOperationException"/> before the call has ended.</summary>
    public Status GetStatus() => _getStatus();

    /// <summary>The trailers; throws <see cref="InvalidOperationException"/> before the call has ended.</summary>
    public Metadata GetTrailers() => _getTrailers();

    /// <summary>Cancels the call if it has not finished (the server sees RST_STREAM(CANCEL)).</summary>
    public void Dispose() => _dispose();
}

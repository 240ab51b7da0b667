using System.Runtime.CompilerServices;

namespace OrleansChat.Grpc;

/// <summary>A client-streaming call in progress (same shape as Grpc.Core): write requests to
/// <see cref="RequestStream"/>, complete it, then await the response. Dispose cancels an unfinished call.</summary>
public sealed class AsyncClientStreamingCall<TRequest, TResponse> : IDisposable
{
    private readonly Lazy<Task<Metadata>> _responseHeaders;
    private readonly Func<Status> _getStatus;
    private readonly Func<Metadata> _getTrailers;
    private readonly Action _dispose;

    public AsyncClientStreamingCall(IClientStreamWriter<TRequest> requestStream, Task<TResponse> responseAsync, Task<Metadata> responseHeadersAsync, Func<Status> getStatusFunc, Func<Metadata> getTrailersFunc, Action disposeAction)
        : this(requestStream, responseAsync, () => responseHeadersAsync, getStatusFunc, getTrailersFunc, disposeAction)
    {
    }

    /// <param name="responseHeadersAsync">Called once, when <see cref="ResponseHeadersAsync"/> is first read.</param>
    public AsyncClientStreamingCall(IClientStreamWriter<TRequest> requestStream, Task<TResponse> responseAsync, Func<Task<Metadata>> responseHeadersAsync, Func<Status> getStatusFunc, Func<Metadata> getTrailersFunc, Action disposeAction)
    {
        RequestStream = requestStream;
        ResponseAsync = responseAsync;
        _responseHeaders = new Lazy<Task<Metadata>>(responseHeadersAsync);
        _getStatus = getStatusFunc;
        _getTrailers = getTrailersFunc;
        _dispose = disposeAction;
    }

    public IClientStreamWriter<TRequest> RequestStream { get; }

    /// <summary>The response; faults with <see cref="RpcException"/> unless the call ends OK.</summary>
    public Task<TResponse> ResponseAsync { get; }

    public Task<Metadata> ResponseHeadersAsync => _responseHeaders.Value;

    public TaskAwaiter<TResponse> GetAwaiter() => ResponseAsync.GetAwaiter();

    public Status GetStatus() => _getStatus();

    public Metadata GetTrailers() => _getTrailers();

    public void Dispose() => _dispose();
}

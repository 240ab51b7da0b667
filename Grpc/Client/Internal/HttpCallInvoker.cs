namespace OrleansChat.Grpc.Client.Internal;

/// <summary>Starts each call as one HTTP/2 request on the channel's <see cref="HttpClient"/>.</summary>
internal sealed class HttpCallInvoker(GrpcChannel channel) : CallInvoker
{
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        Method<TRequest, TResponse> method, TRequest request, CallOptions options = default)
    {
        var call = new GrpcCall<TRequest, TResponse>(channel, method, options, expectsSingleResponse: true);
        call.StartUnary(request);
        return new AsyncUnaryCall<TResponse>(call.GetResponseAsync(), call.GetResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(
        Method<TRequest, TResponse> method, CallOptions options = default)
    {
        var call = new GrpcCall<TRequest, TResponse>(channel, method, options, expectsSingleResponse: true);
        call.StartStreaming();
        return new AsyncClientStreamingCall<TRequest, TResponse>(
            new HttpContentClientStreamWriter<TRequest, TResponse>(call),
            call.GetResponseAsync(),
            call.GetResponseHeadersAsync,
            call.GetStatus,
            call.GetTrailers,
            call.Dispose);
    }

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
        Method<TRequest, TResponse> method, TRequest request, CallOptions options = default)
    {
        var call = new GrpcCall<TRequest, TResponse>(channel, method, options, expectsSingleResponse: false);
        call.StartUnary(request);
        return new AsyncServerStreamingCall<TResponse>(
            new HttpContentClientStreamReader<TRequest, TResponse>(call),
            call.GetResponseHeadersAsync,
            call.GetStatus,
            call.GetTrailers,
            call.Dispose);
    }

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(
        Method<TRequest, TResponse> method, CallOptions options = default)
    {
        var call = new GrpcCall<TRequest, TResponse>(channel, method, options, expectsSingleResponse: false);
        call.StartStreaming();
        return new AsyncDuplexStreamingCall<TRequest, TResponse>(
            new HttpContentClientStreamWriter<TRequest, TResponse>(call),
            new HttpContentClientStreamReader<TRequest, TResponse>(call),
            call.GetResponseHeadersAsync,
            call.GetStatus,
            call.GetTrailers,
            call.Dispose);
    }
}

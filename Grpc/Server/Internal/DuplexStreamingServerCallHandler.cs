namespace OrleansChat.Grpc.Server.Internal;

internal sealed class DuplexStreamingServerCallHandler<TRequest, TResponse>(
    Method<TRequest, TResponse> method,
    DuplexStreamingServerMethod<TRequest, TResponse> handler,
    ServerCallHandlerServices services)
    : ServerCallHandler<TRequest, TResponse>(method, services)
{
    protected override Task InvokeAsync(HttpContextServerCallContext call)
    {
        var requestStream = new HttpContextStreamReader<TRequest>(call, Method.RequestMarshaller.Deserializer);
        return RunWithResponseStreamAsync(call, responseStream => handler(requestStream, responseStream, call));
    }
}

namespace OrleansChat.Grpc.Server.Internal;

internal sealed class ServerStreamingServerCallHandler<TRequest, TResponse>(
    Method<TRequest, TResponse> method,
    ServerStreamingServerMethod<TRequest, TResponse> handler,
    ServerCallHandlerServices services)
    : ServerCallHandler<TRequest, TResponse>(method, services)
{
    protected override async Task InvokeAsync(HttpContextServerCallContext call)
    {
        var request = await call.ReadSingleMessageAsync(Method.RequestMarshaller.Deserializer).ConfigureAwait(false);
        await RunWithResponseStreamAsync(call, responseStream => handler(request, responseStream, call)).ConfigureAwait(false);
    }
}

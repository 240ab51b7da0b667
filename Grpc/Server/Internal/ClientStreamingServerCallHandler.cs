namespace OrleansChat.Grpc.Server.Internal;

internal sealed class ClientStreamingServerCallHandler<TRequest, TResponse>(
    Method<TRequest, TResponse> method,
    ClientStreamingServerMethod<TRequest, TResponse> handler,
    ServerCallHandlerServices services)
    : ServerCallHandler<TRequest, TResponse>(method, services)
{
    protected override async Task InvokeAsync(HttpContextServerCallContext call)
    {
        var requestStream = new HttpContextStreamReader<TRequest>(call, Method.RequestMarshaller.Deserializer);
        var response = await handler(requestStream, call).ConfigureAwait(false);
        await SingleResponse.WriteAsync(call, response, Method.ResponseMarshaller.Serializer).ConfigureAwait(false);
    }
}

namespace OrleansChat.Grpc.Server.Internal;

internal sealed class UnaryServerCallHandler<TRequest, TResponse>(
    Method<TRequest, TResponse> method,
    UnaryServerMethod<TRequest, TResponse> handler,
    ServerCallHandlerServices services)
    : ServerCallHandler<TRequest, TResponse>(method, services)
{
    protected override async Task InvokeAsync(HttpContextServerCallContext call)
    {
        var request = await call.ReadSingleMessageAsync(Method.RequestMarshaller.Deserializer).ConfigureAwait(false);
        var response = await handler(request, call).ConfigureAwait(false);
        await SingleResponse.WriteAsync(call, response, Method.ResponseMarshaller.Serializer).ConfigureAwait(false);
    }
}

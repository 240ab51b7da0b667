namespace OrleansChat.Grpc.Server.Internal;

/// <summary>The response of unary and client-streaming calls: one message, unless the handler set an error status.</summary>
internal static class SingleResponse
{
    public static Task WriteAsync<TResponse>(HttpContextServerCallContext call, TResponse? response, Func<TResponse, byte[]> serializer)
    {
        if (call.Status.StatusCode != StatusCode.OK)
        {
            // The status goes out alone (Trailers-Only), as grpc core servers do.
            return Task.CompletedTask;
        }

        if (response is null)
        {
            throw new RpcException(new Status(StatusCode.Cancelled, "No message returned from method."));
        }

        return call.WriteSingleResponseAsync(response, serializer);
    }
}

using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace OrleansChat.Grpc.Server.Internal;

/// <summary>
/// Runs one call of one method: checks the request, reads its headers, runs the handler against the deadline
/// and sends the status. Subclasses read the request and write the response for their method type.
/// </summary>
internal abstract class ServerCallHandler<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerCallHandlerServices services)
    : IServerCallHandler
{
    protected Method<TRequest, TResponse> Method { get; } = method;

    protected ServerCallHandlerServices Services { get; } = services;

    public async Task HandleCallAsync(HttpContext httpContext)
    {
        var invalid = GrpcRequestValidator.Validate(httpContext, Services);
        if (invalid is not null)
        {
            await invalid.ConfigureAwait(false);
            return;
        }

        // Routing matches paths case-insensitively; gRPC paths are case-sensitive.
        if (!string.Equals(httpContext.Request.Path.Value, Method.FullName, StringComparison.Ordinal))
        {
            await UnimplementedCallHandler.WriteUnimplementedAsync(httpContext, Services).ConfigureAwait(false);
            return;
        }

        ConfigureRequestLimits(httpContext);

        using var call = new HttpContextServerCallContext(httpContext, Method.FullName, Services);
        if (call.Initialize() is { } rejected)
        {
            await call.CompleteAsync(rejected).ConfigureAwait(false);
            return;
        }

        var handlerTask = InvokeAsync(call);
        if (call.HasDeadline && !handlerTask.IsCompleted)
        {
            var first = await Task.WhenAny(handlerTask, call.DeadlineReached).ConfigureAwait(false);
            if (first != handlerTask)
            {
                await call.DeadlineExceededAsync().ConfigureAwait(false);
            }
        }

        Status status;
        try
        {
            // After a deadline the status is out already; the handler still runs to its end before the request
            // ends, so it never touches a recycled HttpContext.
            await handlerTask.ConfigureAwait(false);
            status = call.ReadFailure ?? call.Status;
        }
        catch (Exception ex)
        {
            status = call.StatusFromException(ex);
        }

        await call.CompleteAsync(status).ConfigureAwait(false);
    }

    /// <summary>Reads the request, runs the handler and writes its response messages (not the status).</summary>
    protected abstract Task InvokeAsync(HttpContextServerCallContext call);

    /// <summary>Streams the handler's messages through a <see cref="HttpContextStreamWriter{T}"/>; queued messages
    /// are sent before the status even when the handler fails.</summary>
    protected async Task RunWithResponseStreamAsync(HttpContextServerCallContext call, Func<IServerStreamWriter<TResponse>, Task> handler)
    {
        var writer = new HttpContextStreamWriter<TResponse>(call, Method.ResponseMarshaller.Serializer, Services.Options.ResponseStreamCapacity);
        writer.Start();

        Exception? handlerError = null;
        try
        {
            await handler(writer).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            handlerError = ex;
        }

        var writeError = await writer.CompleteAndDrainAsync().ConfigureAwait(false);
        if ((handlerError ?? writeError) is { } error)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
        }
    }

    private void ConfigureRequestLimits(HttpContext httpContext)
    {
        // Messages are limited one by one (MaxReceiveMessageSize); a stream may carry any total.
        var maxBodySize = httpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (maxBodySize is { IsReadOnly: false })
        {
            maxBodySize.MaxRequestBodySize = null;
        }

        // A streaming request may stay silent for as long as the application likes.
        if (Method.Type != MethodType.Unary && httpContext.Features.Get<IHttpMinRequestBodyDataRateFeature>() is { } minRate)
        {
            minRate.MinDataRate = null;
        }
    }
}

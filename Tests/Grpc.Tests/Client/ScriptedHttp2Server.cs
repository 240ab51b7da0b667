using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OrleansChat.Grpc.Tests.Client;

/// <summary>
/// Kestrel on a loopback ephemeral port speaking cleartext HTTP/2, answering every request with a test's own
/// <see cref="RequestDelegate"/>: for responses no gRPC server sends on purpose (HTTP errors, stream resets,
/// missing statuses, oversize or extra messages) and for looking at the requests the client sends.
/// </summary>
public sealed class ScriptedHttp2Server : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ScriptedHttp2Server(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<ScriptedHttp2Server> StartAsync(RequestDelegate handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2);

            // Lets a test send the raw UTF-8 header values some servers send.
            kestrel.ResponseHeaderEncodingSelector = _ => Encoding.UTF8;
        });
        var app = builder.Build();
        app.Run(handler);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new ScriptedHttp2Server(app, new Uri(address));
    }

    /// <summary>Sends (and flushes) response headers for a gRPC response (200, application/grpc) plus any extra ones.</summary>
    public static async Task StartGrpcResponseAsync(HttpContext context, params (string Name, string Value)[] headers)
    {
        context.Response.ContentType = "application/grpc";
        foreach (var (name, value) in headers)
        {
            context.Response.Headers.Append(name, value);
        }

        await context.Response.StartAsync();

        // Kestrel keeps the HEADERS frame buffered until the body is flushed.
        await context.Response.Body.FlushAsync();
    }

    public static Task WriteMessageAsync(HttpContext context, byte[] payload, bool compressedFlag = false)
    {
        var frame = new byte[5 + payload.Length];
        frame[0] = compressedFlag ? (byte)1 : (byte)0;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame, 5);
        return context.Response.Body.WriteAsync(frame).AsTask();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

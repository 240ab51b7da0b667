using System.Globalization;
using System.Text;

namespace OrleansChat.Grpc.Tests.Server;

/// <summary>Services over UTF-8 string messages, built per test.</summary>
internal static class TestServices
{
    public const string EchoServiceName = "test.Echo";

    public static readonly Marshaller<string> Utf8 = Marshallers.Create(
        (string s) => Encoding.UTF8.GetBytes(s),
        bytes => Encoding.UTF8.GetString(bytes.Span));

    public static Method<string, string> Method(MethodType type, string name, string service = EchoServiceName)
        => new(type, service, name, Utf8, Utf8);

    /// <summary>
    /// <c>test.Echo</c>: Echo (unary) returns the request; Repeat (server streaming) answers "N:text" with
    /// "text#0".."text#N-1"; Concat (client streaming) joins the requests with ','; Chat (duplex) echoes each one.
    /// </summary>
    public static ServerServiceDefinition Echo() => ServerServiceDefinition.CreateBuilder(EchoServiceName)
        .AddMethod(Method(MethodType.Unary, "Echo"), (request, _) => Task.FromResult(request))
        .AddMethod(Method(MethodType.ServerStreaming, "Repeat"), async (string request, IServerStreamWriter<string> responses, ServerCallContext context) =>
        {
            var parts = request.Split(':', 2);
            var count = int.Parse(parts[0], CultureInfo.InvariantCulture);
            for (var i = 0; i < count; i++)
            {
                await responses.WriteAsync(parts[1] + "#" + i.ToString(CultureInfo.InvariantCulture), context.CancellationToken);
            }
        })
        .AddMethod(Method(MethodType.ClientStreaming, "Concat"), async (IAsyncStreamReader<string> requests, ServerCallContext context) =>
        {
            var all = new List<string>();
            await foreach (var request in requests.ReadAllAsync(context.CancellationToken))
            {
                all.Add(request);
            }

            return string.Join(",", all);
        })
        .AddMethod(Method(MethodType.DuplexStreaming, "Chat"), async (IAsyncStreamReader<string> requests, IServerStreamWriter<string> responses, ServerCallContext context) =>
        {
            await foreach (var request in requests.ReadAllAsync(context.CancellationToken))
            {
                await responses.WriteAsync(request, context.CancellationToken);
            }
        })
        .Build();

    public static ServerServiceDefinition Unary(string name, UnaryServerMethod<string, string> handler, string service = "test.Custom")
        => ServerServiceDefinition.CreateBuilder(service).AddMethod(Method(MethodType.Unary, name, service), handler).Build();

    public static ServerServiceDefinition ServerStreaming(string name, ServerStreamingServerMethod<string, string> handler, string service = "test.Custom")
        => ServerServiceDefinition.CreateBuilder(service).AddMethod(Method(MethodType.ServerStreaming, name, service), handler).Build();

    public static ServerServiceDefinition Duplex(string name, DuplexStreamingServerMethod<string, string> handler, string service = "test.Custom")
        => ServerServiceDefinition.CreateBuilder(service).AddMethod(Method(MethodType.DuplexStreaming, name, service), handler).Build();
}

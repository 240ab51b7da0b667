using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Grpc.Core;
using Grpc.Net.Client;
using OrleansChat.Protocol.V1;
using OrleansChat.Silo.Hosting;

namespace OrleansChat.Chat.Tests.Gateway;

/// <summary>The embedded server (silo + gateway) in the test process on 127.0.0.1 and a free port, memory storage.</summary>
internal static class TestChatServer
{
    public static Task<ChatServer> StartAsync(Action<ChatServerOptions>? configure = null)
    {
        var options = new ChatServerOptions
        {
            Port = 0,
            WebPort = null,
            InMemoryStorage = true,
            LogLevel = LogLevel.Warning,
        };

        // Tests send fast; the rate limit has its own test.
        options.Gateway.MessagesPerSecond = 100_000;
        options.Gateway.MessageBurst = 100_000;
        configure?.Invoke(options);
        return ChatServer.StartAsync(options, services => services.AddSingleton<ILoggerProvider>(new ErrorLogCollector()));
    }

    /// <summary>The Error and Critical log lines the server wrote so far.</summary>
    public static IReadOnlyList<string> ErrorLogs(ChatServer server) =>
        server.Services.GetServices<ILoggerProvider>().OfType<ErrorLogCollector>().Single().Errors;

    /// <summary>A room id no other test uses.</summary>
    public static string NewRoomId(string hint) => hint + "-" + Guid.NewGuid().ToString("N")[..8];

    public static Metadata As(string userId) => new() { { "x-user-id", userId } };

    /// <summary>Makes one unary call (see <see cref="ChatCalls"/>) as <paramref name="userId"/> on a channel of its own.</summary>
    public static async Task<TResponse> CallAsync<TRequest, TResponse>(ChatServer server, ChatCall<TRequest, TResponse> method, TRequest request, string userId)
    {
        using var channel = GrpcChannel.ForAddress(server.Address);
        using var call = method(new ChatService.ChatServiceClient(channel), request, new CallOptions(headers: As(userId)));
        return await call.ResponseAsync;
    }

    public static async Task<BatchResult> SendBatchAsync(ChatServer server, string userId, IEnumerable<BatchMessage> messages)
    {
        using var channel = GrpcChannel.ForAddress(server.Address);
        using var call = new ChatService.ChatServiceClient(channel).SendBatch(new CallOptions(headers: As(userId)));
        foreach (var message in messages)
        {
            await call.RequestStream.WriteAsync(message);
        }

        await call.RequestStream.CompleteAsync();
        return await call.ResponseAsync;
    }
}

/// <summary>One open server shared by the gateway tests that use rooms of their own.</summary>
public sealed class GatewayServerFixture : IAsyncLifetime
{
    public ChatServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await TestChatServer.StartAsync();

    public async Task DisposeAsync()
    {
        var errors = TestChatServer.ErrorLogs(Server);
        await Server.DisposeAsync();
        Assert.True(errors.Count == 0, "The server logged errors:\n" + string.Join("\n", errors));
    }
}

[CollectionDefinition(Name)]
public sealed class GatewayServerCollection : ICollectionFixture<GatewayServerFixture>
{
    public const string Name = "Chat gateway on a shared in-process server";
}

using System.Security.Cryptography.X509Certificates;
using OrleansChat.Grpc;
using OrleansChat.Grpc.Client;
using OrleansChat.Protocol.V1;

namespace OrleansChat.Cli.Connection;

/// <summary><see cref="IChatTransport"/> over the project's gRPC client: one channel (one HTTP/2
/// connection, reconnected by the channel as needed), calls made with the caller's credentials.</summary>
internal sealed class GrpcChatTransport : IChatTransport
{
    /// <summary>Unary calls and batches give up after this long.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);

    private readonly GrpcChannel _channel;
    private readonly CallInvoker _invoker;
    private readonly ChatCredentials _credentials;

    private GrpcChatTransport(GrpcChannel channel, ChatCredentials credentials)
    {
        _channel = channel;
        _invoker = channel.CreateCallInvoker();
        _credentials = credentials;
    }

    public static GrpcChatTransport Create(ServerAddress address, ChatCredentials credentials, string? caFile)
    {
        var options = new GrpcChannelOptions
        {
            // The session stream is always active: ping it now and then so a dead peer is noticed even when
            // the chat is quiet, at the interval gRPC servers accept.
            KeepAlivePingDelay = GrpcChannelOptions.MinimumIdleKeepAlivePingDelay,
        };
        if (caFile is not null)
        {
            options.RootCertificate = X509Certificate2.CreateFromPemFile(caFile);
        }

        return new GrpcChatTransport(GrpcChannel.ForAddress(address.Uri, options), credentials);
    }

    public IChatStream Connect(CancellationToken cancellationToken)
    {
        var call = _invoker.AsyncDuplexStreamingCall(ChatServiceMethods.Connect, new CallOptions(_credentials.ToMetadata(), CancellationToken: cancellationToken));
        return new GrpcChatStream(call);
    }

    public async Task<BatchResult> SendBatchAsync(IReadOnlyList<BatchMessage> messages, CancellationToken cancellationToken)
    {
        using var call = _invoker.AsyncClientStreamingCall(ChatServiceMethods.SendBatch, Options(cancellationToken));
        foreach (var message in messages)
        {
            await call.RequestStream.WriteAsync(message, cancellationToken).ConfigureAwait(false);
        }

        await call.RequestStream.CompleteAsync().ConfigureAwait(false);
        return await call.ResponseAsync.ConfigureAwait(false);
    }

    public Task<GetHistoryResponse> GetHistoryAsync(GetHistoryRequest request, CancellationToken cancellationToken)
        => UnaryAsync(ChatServiceMethods.GetHistory, request, cancellationToken);

    public Task<ListRoomsResponse> ListRoomsAsync(CancellationToken cancellationToken)
        => UnaryAsync(ChatServiceMethods.ListRooms, new ListRoomsRequest(), cancellationToken);

    public Task<ListMembersResponse> ListMembersAsync(string roomId, CancellationToken cancellationToken)
        => UnaryAsync(ChatServiceMethods.ListMembers, new ListMembersRequest { RoomId = roomId }, cancellationToken);

    public Task<Profile> UpdateProfileAsync(UpdateProfileRequest request, CancellationToken cancellationToken)
        => UnaryAsync(ChatServiceMethods.UpdateProfile, request, cancellationToken);

    public ValueTask DisposeAsync()
    {
        _channel.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<TResponse> UnaryAsync<TRequest, TResponse>(Method<TRequest, TResponse> method, TRequest request, CancellationToken cancellationToken)
        where TRequest : class
        where TResponse : class
    {
        using var call = _invoker.AsyncUnaryCall(method, request, Options(cancellationToken));
        return await call.ResponseAsync.ConfigureAwait(false);
    }

    private CallOptions Options(CancellationToken cancellationToken)
        => new(_credentials.ToMetadata(), DateTime.UtcNow + CallTimeout, cancellationToken);
}

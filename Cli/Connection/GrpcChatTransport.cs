using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;
using OrleansChat.Protocol.V1;

namespace OrleansChat.Cli.Connection;

/// <summary><see cref="IChatTransport"/> over Grpc.Net.Client: one channel (HTTP/2 connections kept and
/// reconnected by the channel as needed), calls made through the generated <see cref="ChatService.ChatServiceClient"/>
/// with the caller's credentials.</summary>
internal sealed class GrpcChatTransport : IChatTransport
{
    /// <summary>Unary calls and batches give up after this long.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);

    private readonly GrpcChannel _channel;
    private readonly ChatService.ChatServiceClient _client;
    private readonly ChatCredentials _credentials;

    private GrpcChatTransport(GrpcChannel channel, ChatCredentials credentials)
    {
        _channel = channel;
        _client = new ChatService.ChatServiceClient(channel);
        _credentials = credentials;
    }

    /// <summary>Opens a channel to <paramref name="address"/>. A <paramref name="caFile"/> is read here, so a
    /// missing or malformed file fails now (IOException, CryptographicException) rather than at the first call.</summary>
    public static GrpcChatTransport Create(ServerAddress address, ChatCredentials credentials, string? caFile)
    {
        var trustedRoot = caFile is null ? null : X509Certificate2.CreateFromPem(File.ReadAllText(caFile));
        return new GrpcChatTransport(ChatChannelFactory.Create(address, trustedRoot), credentials);
    }

    public IChatStream Connect(CancellationToken cancellationToken)
        => new GrpcChatStream(_client.Connect(new CallOptions(_credentials.ToMetadata(), cancellationToken: cancellationToken)));

    public async Task<BatchResult> SendBatchAsync(IReadOnlyList<BatchMessage> messages, CancellationToken cancellationToken)
    {
        using var call = _client.SendBatch(Options(cancellationToken));
        foreach (var message in messages)
        {
            await call.RequestStream.WriteAsync(message, cancellationToken).ConfigureAwait(false);
        }

        await call.RequestStream.CompleteAsync().ConfigureAwait(false);
        return await call.ResponseAsync.ConfigureAwait(false);
    }

    public Task<GetHistoryResponse> GetHistoryAsync(GetHistoryRequest request, CancellationToken cancellationToken)
        => UnaryAsync(_client.GetHistoryAsync(request, Options(cancellationToken)));

    public Task<ListRoomsResponse> ListRoomsAsync(CancellationToken cancellationToken)
        => UnaryAsync(_client.ListRoomsAsync(new ListRoomsRequest(), Options(cancellationToken)));

    public Task<ListMembersResponse> ListMembersAsync(string roomId, CancellationToken cancellationToken)
        => UnaryAsync(_client.ListMembersAsync(new ListMembersRequest { RoomId = roomId }, Options(cancellationToken)));

    public Task<Profile> UpdateProfileAsync(UpdateProfileRequest request, CancellationToken cancellationToken)
        => UnaryAsync(_client.UpdateProfileAsync(request, Options(cancellationToken)));

    public ValueTask DisposeAsync()
    {
        _channel.Dispose();
        return ValueTask.CompletedTask;
    }

    private static async Task<TResponse> UnaryAsync<TResponse>(AsyncUnaryCall<TResponse> call)
    {
        using (call)
        {
            return await call.ResponseAsync.ConfigureAwait(false);
        }
    }

    private CallOptions Options(CancellationToken cancellationToken)
        => new(_credentials.ToMetadata(), DateTime.UtcNow + CallTimeout, cancellationToken);
}

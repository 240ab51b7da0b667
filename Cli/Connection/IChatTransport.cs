using OrleansChat.Protocol.V1;

namespace OrleansChat.Cli.Connection;

/// <summary>The calls the CLI makes to a chat server. Failures surface as <see cref="Grpc.Core.RpcException"/>.
/// The gRPC implementation is <see cref="GrpcChatTransport"/>; tests use an in-memory one.</summary>
internal interface IChatTransport : IAsyncDisposable
{
    /// <summary>Opens a <c>Connect</c> session stream.</summary>
    IChatStream Connect(CancellationToken cancellationToken);

    Task<BatchResult> SendBatchAsync(IReadOnlyList<BatchMessage> messages, CancellationToken cancellationToken);

    Task<GetHistoryResponse> GetHistoryAsync(GetHistoryRequest request, CancellationToken cancellationToken);

    Task<ListRoomsResponse> ListRoomsAsync(CancellationToken cancellationToken);

    Task<ListMembersResponse> ListMembersAsync(string roomId, CancellationToken cancellationToken);

    Task<Profile> UpdateProfileAsync(UpdateProfileRequest request, CancellationToken cancellationToken);
}

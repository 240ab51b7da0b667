using System.Threading.Channels;
using Grpc.Core;
using OrleansChat.Cli.Connection;
using OrleansChat.Protocol.V1;

namespace OrleansChat.Cli.Tests.Fakes;

/// <summary>An <see cref="IChatTransport"/> whose streams the test scripts one frame at a time.</summary>
internal sealed class FakeChatTransport : IChatTransport
{
    private readonly Channel<FakeChatStream> _opened = Channel.CreateUnbounded<FakeChatStream>();
    private readonly Queue<RpcException> _connectFailures = new();

    public int Connects { get; private set; }

    /// <summary>The next connects fail with these, in order (as a refused connection does).</summary>
    public void FailNextConnect(RpcException exception)
    {
        lock (_connectFailures)
        {
            _connectFailures.Enqueue(exception);
        }
    }

    public IChatStream Connect(CancellationToken cancellationToken)
    {
        Connects++;
        var stream = new FakeChatStream();
        lock (_connectFailures)
        {
            if (_connectFailures.TryDequeue(out var failure))
            {
                stream.Break(failure);
                return stream;
            }
        }

        _opened.Writer.TryWrite(stream);
        return stream;
    }

    /// <summary>The next stream the client opened (failed connects are not listed).</summary>
    public Task<FakeChatStream> NextStreamAsync() => _opened.Reader.ReadAsync().AsTask().WaitAsync(TestTimeouts.Signal);

    /// <summary>Waits for the next stream, checks its Hello and answers Welcome.</summary>
    public async Task<(FakeChatStream Stream, Hello Hello)> AcceptAsync(string userId = "alice")
    {
        var stream = await NextStreamAsync();
        return (stream, await stream.AcceptHelloAsync(userId));
    }

    public Func<IReadOnlyList<BatchMessage>, BatchResult>? OnSendBatch { get; set; }

    public Func<GetHistoryRequest, GetHistoryResponse>? OnGetHistory { get; set; }

    public Func<ListRoomsResponse>? OnListRooms { get; set; }

    public Func<string, ListMembersResponse>? OnListMembers { get; set; }

    public Func<UpdateProfileRequest, Profile>? OnUpdateProfile { get; set; }

    public Task<BatchResult> SendBatchAsync(IReadOnlyList<BatchMessage> messages, CancellationToken cancellationToken)
        => Call(() => OnSendBatch, f => f(messages));

    public Task<GetHistoryResponse> GetHistoryAsync(GetHistoryRequest request, CancellationToken cancellationToken)
        => Call(() => OnGetHistory, f => f(request));

    public Task<ListRoomsResponse> ListRoomsAsync(CancellationToken cancellationToken)
        => Call(() => OnListRooms, f => f());

    public Task<ListMembersResponse> ListMembersAsync(string roomId, CancellationToken cancellationToken)
        => Call(() => OnListMembers, f => f(roomId));

    public Task<Profile> UpdateProfileAsync(UpdateProfileRequest request, CancellationToken cancellationToken)
        => Call(() => OnUpdateProfile, f => f(request));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static Task<T> Call<TFunc, T>(Func<TFunc?> handler, Func<TFunc, T> invoke)
        where TFunc : class
        => handler() is { } function
            ? Task.FromResult(invoke(function))
            : Task.FromException<T>(new RpcException(new Status(StatusCode.Unimplemented, "not scripted")));
}

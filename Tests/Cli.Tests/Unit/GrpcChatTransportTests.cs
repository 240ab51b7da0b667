using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using OrleansChat.Cli.Connection;
using OrleansChat.Cli.Tests.Fakes;

namespace OrleansChat.Cli.Tests.Unit;

/// <summary>The real transport (Grpc.Net.Client) against a loopback port nothing listens on: its failures keep the
/// CLI's wording.</summary>
public sealed class GrpcChatTransportTests
{
    [Fact]
    public async Task Connect_NothingListening_ReadFailsWithConnectionRefusedAndTheStartHint()
    {
        var address = ClosedLoopbackAddress();
        await using var transport = GrpcChatTransport.Create(address, new ChatCredentials("alice", Token: null), caFile: null);
        await using var stream = transport.Connect(CancellationToken.None);

        var exception = await Assert.ThrowsAsync<RpcException>(() => stream.ReadAsync(CancellationToken.None).WaitAsync(TestTimeouts.Signal));

        Assert.Equal(StatusCode.Unavailable, exception.StatusCode);
        Assert.Equal($"cannot reach {address}: connection refused — {ConnectionErrors.StartServerHint}", ConnectionErrors.Describe(exception, address));
        Assert.Equal("connection refused", ConnectionErrors.ShortReason(exception));
        Assert.True(ConnectionErrors.IsRetryable(exception));
    }

    [Fact]
    public async Task UnaryCall_NothingListening_FailsWithUnavailable()
    {
        var address = ClosedLoopbackAddress();
        await using var transport = GrpcChatTransport.Create(address, new ChatCredentials("alice", Token: null), caFile: null);

        var exception = await Assert.ThrowsAsync<RpcException>(() => transport.ListRoomsAsync(CancellationToken.None).WaitAsync(TestTimeouts.Signal));

        Assert.Equal(StatusCode.Unavailable, exception.StatusCode);
        Assert.Equal("connection refused", ConnectionErrors.ShortReason(exception));
    }

    [Fact]
    public async Task NextCall_AfterARefusedOne_ConnectsAgainAtOnce()
    {
        // No connect backoff of the channel's own between the CLI's attempts: the server that is back is reached.
        var address = ClosedLoopbackAddress();
        await using var transport = GrpcChatTransport.Create(address, new ChatCredentials("alice", Token: null), caFile: null);
        var refused = await Assert.ThrowsAsync<RpcException>(() => transport.ListRoomsAsync(CancellationToken.None).WaitAsync(TestTimeouts.Signal));
        Assert.Equal("connection refused", ConnectionErrors.ShortReason(refused));

        using var listener = new TcpListener(IPAddress.Loopback, address.Port);
        listener.Start();
        var call = transport.ListRoomsAsync(CancellationToken.None);
        using var accepted = await listener.AcceptSocketAsync(CancellationToken.None).AsTask().WaitAsync(TestTimeouts.Signal);

        // Not a gRPC server: it hangs up, and the call fails for that reason, not the earlier refusal.
        accepted.Close();

        var exception = await Assert.ThrowsAsync<RpcException>(() => call.WaitAsync(TestTimeouts.Signal));
        Assert.Equal(StatusCode.Unavailable, exception.StatusCode);
        Assert.NotEqual("connection refused", ConnectionErrors.ShortReason(exception));
    }

    [Fact]
    public void Create_CaFileWithoutACertificate_ThrowsCryptographicException()
    {
        var caFile = Path.GetTempFileName();
        try
        {
            File.WriteAllText(caFile, "not a certificate");

            Assert.Throws<System.Security.Cryptography.CryptographicException>(
                () => GrpcChatTransport.Create(ClosedLoopbackAddress(), new ChatCredentials("alice", Token: null), caFile));
        }
        finally
        {
            File.Delete(caFile);
        }
    }

    /// <summary>A loopback port that was just free: bound, then released.</summary>
    private static ServerAddress ClosedLoopbackAddress()
    {
        int port;
        using (var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        }

        Assert.True(ServerAddress.TryParse($"127.0.0.1:{port}", useTls: false, out var address, out _));
        return address;
    }
}

using System.Net.Sockets;
using OrleansChat.Cli.Connection;
using OrleansChat.Grpc;

namespace OrleansChat.Cli.Tests.Unit;

public sealed class ConnectionErrorsTests
{
    private static readonly ServerAddress Address = Parse("localhost:50051");

    [Fact]
    public void Refused_SaysHowToStartTheServer()
    {
        var exception = new RpcException(new Status(StatusCode.Unavailable, "Error connecting to localhost:50051: Connection refused"), new Metadata(), null, new HttpRequestException("x", new SocketException((int)SocketError.ConnectionRefused)));

        Assert.Equal("cannot reach localhost:50051: connection refused — is the server running? (dotnet run --project Silo)", ConnectionErrors.Describe(exception, Address));
    }

    [Fact]
    public void UnknownHost_NamesTheHost()
    {
        var exception = new RpcException(new Status(StatusCode.Unavailable, "Error connecting to nosuch.invalid:50051: Name or service not known"));

        Assert.Equal("cannot reach nosuch.invalid:50051: unknown host 'nosuch.invalid'", ConnectionErrors.Describe(exception, Parse("nosuch.invalid:50051")));
    }

    [Fact]
    public void Unauthenticated_SuggestsAToken()
    {
        var exception = new RpcException(new Status(StatusCode.Unauthenticated, "missing token"));

        Assert.Equal("localhost:50051 refused the credentials: missing token (pass --token?)", ConnectionErrors.Describe(exception, Address));
    }

    [Theory]
    [InlineData(StatusCode.Unavailable, true)]
    [InlineData(StatusCode.Internal, true)]
    [InlineData(StatusCode.ResourceExhausted, true)]
    [InlineData(StatusCode.Unauthenticated, false)]
    [InlineData(StatusCode.PermissionDenied, false)]
    [InlineData(StatusCode.Unimplemented, false)]
    public void OnlyTransientFailures_AreRetried(StatusCode code, bool retryable)
        => Assert.Equal(retryable, ConnectionErrors.IsRetryable(new RpcException(new Status(code, string.Empty))));

    private static ServerAddress Parse(string text)
    {
        Assert.True(ServerAddress.TryParse(text, false, out var address, out _));
        return address;
    }
}

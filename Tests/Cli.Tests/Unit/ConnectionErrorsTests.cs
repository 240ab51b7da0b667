using System.Security.Authentication;
using Grpc.Core;
using OrleansChat.Cli.Connection;
using OrleansChat.Cli.Tests.Fakes;

namespace OrleansChat.Cli.Tests.Unit;

public sealed class ConnectionErrorsTests
{
    private static readonly ServerAddress Address = Parse("localhost:50051");

    [Fact]
    public void Refused_SaysHowToStartTheServer()
        => Assert.Equal(
            "cannot reach localhost:50051: connection refused — is the server running? (dotnet run --project Silo)",
            ConnectionErrors.Describe(GrpcFailures.ConnectionRefused(), Address));

    [Fact]
    public void Refused_KnownOnlyByTheStatusDetail_SaysHowToStartTheServer()
    {
        var exception = new RpcException(new Status(StatusCode.Unavailable, "Error starting gRPC call. HttpRequestException: Connection refused (localhost:50051)"));

        Assert.Equal("cannot reach localhost:50051: connection refused — is the server running? (dotnet run --project Silo)", ConnectionErrors.Describe(exception, Address));
    }

    [Fact]
    public void UnknownHost_NamesTheHost()
        => Assert.Equal(
            "cannot reach nosuch.invalid:50051: unknown host 'nosuch.invalid'",
            ConnectionErrors.Describe(GrpcFailures.UnknownHost(), Parse("nosuch.invalid:50051")));

    [Fact]
    public void TlsHandshakeFailure_ReportedAsInternalByTheClient_SaysCheckTlsAndCa()
    {
        // Grpc.Net.Client reports a rejected server certificate as INTERNAL, the AuthenticationException underneath.
        var tls = new AuthenticationException("The remote certificate is invalid because of errors in the certificate chain: PartialChain");
        var exception = new RpcException(new Status(
            StatusCode.Internal,
            "Error starting gRPC call. HttpRequestException: The SSL connection could not be established, see inner exception. AuthenticationException: " + tls.Message,
            new HttpRequestException("The SSL connection could not be established, see inner exception.", tls)));

        Assert.Equal(
            "cannot reach localhost:50051: TLS handshake failed (The remote certificate is invalid because of errors in the certificate chain: PartialChain) — check --tls and --ca",
            ConnectionErrors.Describe(exception, Address));
        Assert.Equal("TLS handshake failed", ConnectionErrors.ShortReason(exception));
    }

    [Fact]
    public void InternalFromTheServer_MentioningTls_IsReportedAsTheServerSaidIt()
    {
        var exception = new RpcException(new Status(StatusCode.Internal, "TLS session store unavailable"));

        Assert.Equal("localhost:50051: INTERNAL: TLS session store unavailable", ConnectionErrors.Describe(exception, Address));
    }

    [Fact]
    public void ServerGoneUnderTheStream_ShortReason_SaysTheServerClosedTheConnection()
        => Assert.Equal("the server closed the connection", ConnectionErrors.ShortReason(GrpcFailures.ConnectionLost()));

    [Fact]
    public void Refused_ShortReason_SaysConnectionRefused()
        => Assert.Equal("connection refused", ConnectionErrors.ShortReason(GrpcFailures.ConnectionRefused()));

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

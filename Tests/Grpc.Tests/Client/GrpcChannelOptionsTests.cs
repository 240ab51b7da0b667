using System.Net.Security;
using OrleansChat.Grpc.Client;
using OrleansChat.Grpc.Client.Internal;

namespace OrleansChat.Grpc.Tests.Client;

/// <summary>What the channel's own <see cref="SocketsHttpHandler"/> is set to, and the options' defaults.</summary>
public sealed class GrpcChannelOptionsTests
{
    [Fact]
    public void Defaults_MatchTheDocumentedValues()
    {
        var options = new GrpcChannelOptions();

        Assert.Equal(4 * 1024 * 1024, options.MaxReceiveMessageSize);
        Assert.Null(options.MaxSendMessageSize);
        Assert.Equal(Timeout.InfiniteTimeSpan, options.KeepAlivePingDelay);
        Assert.Equal(TimeSpan.FromSeconds(20), options.KeepAlivePingTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), options.ConnectTimeout);
        Assert.Equal(["gzip"], options.CompressionProviders.Select(p => p.EncodingName));
    }

    [Fact]
    public void OwnHandler_MultiplexesOverHttp2AndPingsOnlyConnectionsWithActiveCalls()
    {
        var options = new GrpcChannelOptions
        {
            KeepAlivePingDelay = TimeSpan.FromMinutes(5),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(7),
            ConnectTimeout = TimeSpan.FromSeconds(3),
            TargetNameOverride = "chat.example",
        };

        using var handler = ChannelHttpHandler.Create(options);

        Assert.True(handler.EnableMultipleHttp2Connections);
        Assert.Equal(HttpKeepAlivePingPolicy.WithActiveRequests, handler.KeepAlivePingPolicy);
        Assert.Equal(TimeSpan.FromMinutes(5), handler.KeepAlivePingDelay);
        Assert.Equal(TimeSpan.FromSeconds(7), handler.KeepAlivePingTimeout);
        Assert.Equal(TimeSpan.FromSeconds(3), handler.ConnectTimeout);
        Assert.Equal([SslApplicationProtocol.Http2], handler.SslOptions.ApplicationProtocols);
        Assert.Equal("chat.example", handler.SslOptions.TargetHost);
        Assert.Null(handler.SslOptions.RemoteCertificateValidationCallback);
    }

    [Fact]
    public void SkipCertificateValidation_AcceptsAnyCertificate()
    {
        using var handler = ChannelHttpHandler.Create(new GrpcChannelOptions { SkipCertificateValidation = true });

        var callback = handler.SslOptions.RemoteCertificateValidationCallback!;

        Assert.True(callback(this, null, null, SslPolicyErrors.RemoteCertificateChainErrors));
    }

    [Theory]
    [InlineData(nameof(GrpcChannelOptions.MaxReceiveMessageSize))]
    [InlineData(nameof(GrpcChannelOptions.ConnectTimeout))]
    [InlineData(nameof(GrpcChannelOptions.KeepAlivePingDelay))]
    public void ForAddress_InvalidOption_ThrowsNamingIt(string option)
    {
        var options = option switch
        {
            nameof(GrpcChannelOptions.MaxReceiveMessageSize) => new GrpcChannelOptions { MaxReceiveMessageSize = -1 },
            nameof(GrpcChannelOptions.ConnectTimeout) => new GrpcChannelOptions { ConnectTimeout = TimeSpan.Zero },
            _ => new GrpcChannelOptions { KeepAlivePingDelay = TimeSpan.FromSeconds(-5) },
        };

        var error = Assert.Throws<ArgumentException>(() => GrpcChannel.ForAddress("http://127.0.0.1:5000", options));

        Assert.Contains(option, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateCallInvoker_AfterDispose_Throws()
    {
        var channel = GrpcChannel.ForAddress("http://127.0.0.1:5000");
        channel.Dispose();

        Assert.Throws<ObjectDisposedException>(() => channel.CreateCallInvoker());
    }
}

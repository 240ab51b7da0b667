using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansChat.Grpc.Server;
using OrleansChat.Grpc.Testing;
using OrleansChat.Grpc.Tests.Infrastructure;

namespace OrleansChat.Grpc.Tests.Server;

public sealed class GrpcHostTests
{
    [Fact]
    public async Task StartAsync_PortZero_ListensOnPickedLoopbackPort()
    {
        await using var server = await TestGrpcServer.StartAsync(TestServices.Echo());

        Assert.NotEqual(0, server.Host.Port);
        Assert.Equal(new Uri("http://127.0.0.1:" + server.Host.Port), server.Host.Address);
    }

    [Fact]
    public async Task StartAsync_WithCertificate_ServesGrpcOverTlsWithAlpnH2()
    {
        using var certificate = TestCertificates.CreateSelfSigned();
        await using var server = await TestGrpcServer.StartAsync(
            s => s.AddGrpcService(TestServices.Echo()),
            configureHost: host => host.Certificate = certificate);
        Assert.Equal("https", server.Host.Address.Scheme);

        using var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, serverCertificate, _, _) =>
            serverCertificate is not null && serverCertificate.GetCertHashString() == certificate.GetCertHashString();
        using var httpClient = new HttpClient(handler) { BaseAddress = server.Host.Address };
        using var request = RawGrpcClient.CreateRequest("/test.Echo/Echo", new ByteArrayContent(GrpcWire.Frame(GrpcWire.Utf8("secure"))));
        using var response = await httpClient.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal("0", response.TrailingHeaders.GetValues("grpc-status").Single());
        Assert.Equal(GrpcWire.Frame(GrpcWire.Utf8("secure")), body);
    }

    [Fact]
    public async Task StartAsync_InvalidOption_FailsNamingTheOption()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => GrpcHost.StartAsync(
            new GrpcHostOptions { ConfigureGrpc = grpc => grpc.MaxReceiveMessageSize = 0 },
            services => services.AddGrpcService(TestServices.Echo())));

        Assert.Contains("GrpcServerOptions.MaxReceiveMessageSize", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_UnknownResponseCompression_FailsNamingTheOption()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => GrpcHost.StartAsync(
            new GrpcHostOptions { ConfigureGrpc = grpc => grpc.ResponseCompressionAlgorithm = "br" },
            services => services.AddGrpcService(TestServices.Echo())));

        Assert.Contains("GrpcServerOptions.ResponseCompressionAlgorithm", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_SameServiceTwice_Fails()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => GrpcHost.StartAsync(
            new GrpcHostOptions(),
            services => services.AddGrpcService(TestServices.Echo()).AddGrpcService(TestServices.Echo())));

        Assert.Contains("test.Echo", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_KeepAliveOptions_AppliedToKestrelHttp2Limits()
    {
        await using var defaults = await TestGrpcServer.StartAsync(TestServices.Echo());
        await using var custom = await TestGrpcServer.StartAsync(s => s.AddGrpcService(TestServices.Echo()), grpc =>
        {
            grpc.KeepAlivePingDelay = TimeSpan.FromMinutes(10);
            grpc.KeepAlivePingTimeout = TimeSpan.FromSeconds(5);
        });

        var defaultLimits = defaults.Host.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits.Http2;
        var customLimits = custom.Host.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits.Http2;

        Assert.Equal(TimeSpan.FromHours(2), defaultLimits.KeepAlivePingDelay);
        Assert.Equal(TimeSpan.FromSeconds(20), defaultLimits.KeepAlivePingTimeout);
        Assert.Equal(TimeSpan.FromMinutes(10), customLimits.KeepAlivePingDelay);
        Assert.Equal(TimeSpan.FromSeconds(5), customLimits.KeepAlivePingTimeout);
    }

    [Fact]
    public void CreateSelfSigned_Defaults_SansForLocalhostLoopbackAndInteropOverride()
    {
        using var certificate = TestCertificates.CreateSelfSigned();

        Assert.True(certificate.HasPrivateKey);
        var san = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Contains("localhost", san.EnumerateDnsNames());
        Assert.Contains("*.test.google.fr", san.EnumerateDnsNames());
        Assert.Contains(IPAddress.Loopback, san.EnumerateIPAddresses());
        Assert.True(certificate.MatchesHostname(TestCertificates.InteropHostOverride));
    }

    [Fact]
    public void WritePemFile_Certificate_PemThatLoadsBack()
    {
        using var certificate = TestCertificates.CreateSelfSigned("server.test", dnsNames: ["extra.test"]);
        var path = Path.Combine(Path.GetTempPath(), "grpc-test-" + Guid.NewGuid().ToString("N") + ".pem");
        try
        {
            TestCertificates.WritePemFile(certificate, path);

            var text = File.ReadAllText(path, Encoding.ASCII);
            Assert.StartsWith("-----BEGIN CERTIFICATE-----", text, StringComparison.Ordinal);
            using var loaded = X509Certificate2.CreateFromPem(text);
            Assert.Equal(certificate.Thumbprint, loaded.Thumbprint);
            Assert.True(loaded.MatchesHostname("extra.test"));
        }
        finally
        {
            File.Delete(path);
        }
    }
}

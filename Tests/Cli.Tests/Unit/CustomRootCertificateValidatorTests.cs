using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OrleansChat.Cli.Connection;

namespace OrleansChat.Cli.Tests.Unit;

/// <summary><c>--ca</c>: the server's certificate must chain to the given CA, whatever the system store says.</summary>
public sealed class CustomRootCertificateValidatorTests : IDisposable
{
    private readonly X509Certificate2 _ca = CreateCa("CN=OrleansChat Test CA");
    private readonly X509Certificate2 _otherCa = CreateCa("CN=Some Other CA");
    private readonly X509Certificate2 _server;

    public CustomRootCertificateValidatorTests()
    {
        _server = CreateServerCertificate(_ca);
    }

    [Fact]
    public void ServerCertificateIssuedByTheCa_IsAccepted_EvenThoughTheSystemStoreDoesNotKnowTheCa()
        => Assert.True(new CustomRootCertificateValidator(_ca).Validate(this, _server, null, SslPolicyErrors.RemoteCertificateChainErrors));

    [Fact]
    public void ServerCertificateIssuedByAnotherCa_IsRejected()
        => Assert.False(new CustomRootCertificateValidator(_otherCa).Validate(this, _server, null, SslPolicyErrors.RemoteCertificateChainErrors));

    [Fact]
    public void ServerCertificateForAnotherName_IsRejected()
        => Assert.False(new CustomRootCertificateValidator(_ca).Validate(
            this, _server, null, SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateChainErrors));

    [Fact]
    public void NoServerCertificate_IsRejected()
        => Assert.False(new CustomRootCertificateValidator(_ca).Validate(this, null, null, SslPolicyErrors.RemoteCertificateNotAvailable));

    public void Dispose()
    {
        _server.Dispose();
        _otherCa.Dispose();
        _ca.Dispose();
    }

    private static X509Certificate2 CreateCa(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    private static X509Certificate2 CreateServerCertificate(X509Certificate2 issuer)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        return request.Create(issuer, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10), [1, 2, 3, 4]);
    }
}

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OrleansChat.Grpc.Tests.Client;

/// <summary>A throwaway self-signed server certificate for one DNS name, written as PEM files for a peer
/// process; it is its own root, so a client trusts it through <c>RootCertificate</c> only.</summary>
public sealed class TestCertificates : IDisposable
{
    private readonly string _directory;

    private TestCertificates(string directory, X509Certificate2 root)
    {
        _directory = directory;
        Root = root;
    }

    public X509Certificate2 Root { get; }

    public string CertificatePath => Path.Combine(_directory, "server.crt");

    public string KeyPath => Path.Combine(_directory, "server.key");

    public static TestCertificates Create(string dnsName)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={dnsName}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(dnsName);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));

        var directory = Directory.CreateTempSubdirectory("orleanschat-tls-").FullName;
        File.WriteAllText(Path.Combine(directory, "server.crt"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(directory, "server.key"), key.ExportPkcs8PrivateKeyPem());
        return new TestCertificates(directory, X509CertificateLoader.LoadCertificate(certificate.RawData));
    }

    public void Dispose()
    {
        Root.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}

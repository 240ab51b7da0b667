using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OrleansChat.Grpc.Testing;

/// <summary>Self-signed certificates for TLS tests: the server presents one, the clients trust its PEM as their CA.</summary>
public static class TestCertificates
{
    /// <summary>The name grpc's interop clients check (<c>--server_host_override=foo.test.google.fr</c>).</summary>
    public const string InteropHostOverride = "foo.test.google.fr";

    /// <summary>
    /// Creates an ECDSA P-256 certificate, valid from yesterday for a year, for server and client authentication.
    /// Its subject alternative names are <c>localhost</c>, <c>*.test.google.fr</c>, 127.0.0.1 and ::1 plus the names
    /// given. It is its own CA (basicConstraints CA:TRUE, as <c>openssl req -x509</c> makes them), so a PEM of it
    /// works as the trust root of grpc core, grpc-js and OpenSSL clients. The private key is exportable and the
    /// certificate is re-imported from PFX so that Kestrel on Linux can use it.
    /// </summary>
    public static X509Certificate2 CreateSelfSigned(
        string subjectName = "localhost",
        IEnumerable<string>? dnsNames = null,
        IEnumerable<IPAddress>? ips = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(subjectName);

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + subjectName, key, HashAlgorithmName.SHA256);

        var san = new SubjectAlternativeNameBuilder();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { subjectName, "localhost", "*.test.google.fr" };
        foreach (var name in dnsNames ?? [])
        {
            names.Add(name);
        }

        foreach (var name in names)
        {
            san.AddDnsName(name);
        }

        var addresses = new HashSet<IPAddress> { IPAddress.Loopback, IPAddress.IPv6Loopback };
        foreach (var ip in ips ?? [])
        {
            addresses.Add(ip);
        }

        foreach (var ip in addresses)
        {
            san.AddIpAddress(ip);
        }

        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));

        var now = DateTimeOffset.UtcNow;
        using var created = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), password: null, X509KeyStorageFlags.Exportable);
    }

    /// <summary>The certificate (not its key) as PEM text.</summary>
    public static string ExportPem(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return certificate.ExportCertificatePem() + "\n";
    }

    /// <summary>Writes the certificate (not its key) as PEM, for clients that take a CA file.</summary>
    public static void WritePemFile(X509Certificate2 certificate, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        File.WriteAllText(path, ExportPem(certificate));
    }
}

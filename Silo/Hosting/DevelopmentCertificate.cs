using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OrleansChat.Silo.Hosting;

/// <summary>
/// The self-signed certificate of <c>--tls-self-signed</c>: made on first run (ECDSA P-256, valid one year, for
/// localhost, the loopback addresses and the listen address) and kept as PEM files in the data directory, so clients
/// can pin it (<c>--ca data/dev-cert.pem</c>) across restarts.
/// </summary>
internal static class DevelopmentCertificate
{
    public const string CertificateFileName = "dev-cert.pem";
    public const string KeyFileName = "dev-key.pem";

    private static readonly TimeSpan RenewBefore = TimeSpan.FromDays(7);

    /// <summary>Loads the stored certificate, making a new one when missing or about to expire.</summary>
    public static X509Certificate2 LoadOrCreate(string dataDirectory, IPAddress listenAddress, TimeProvider time)
    {
        var certificatePath = Path.Combine(dataDirectory, CertificateFileName);
        var keyPath = Path.Combine(dataDirectory, KeyFileName);
        if (File.Exists(certificatePath) && File.Exists(keyPath))
        {
            var existing = Load(certificatePath, keyPath);
            if (existing.NotAfter.ToUniversalTime() - time.GetUtcNow().UtcDateTime > RenewBefore)
            {
                return existing;
            }

            existing.Dispose();
        }

        Directory.CreateDirectory(dataDirectory);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=OrleansChat development", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        if (!IPAddress.IsLoopback(listenAddress) && !listenAddress.Equals(IPAddress.Any) && !listenAddress.Equals(IPAddress.IPv6Any))
        {
            names.AddIpAddress(listenAddress);
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = time.GetUtcNow();
        using var created = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(1));
        File.WriteAllText(certificatePath, created.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(keyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return Load(certificatePath, keyPath);
    }

    /// <summary>Loads a PEM certificate and key in a form every TLS stack accepts.</summary>
    public static X509Certificate2 Load(string certificatePath, string keyPath)
    {
        using var pem = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), password: null);
    }
}

using System.Net;

namespace OrleansChat.Silo.Hosting;

/// <summary>Checks <see cref="ChatServerOptions"/> before the server starts; each failure names its flag.</summary>
public static class ChatServerOptionsValidator
{
    /// <summary>Returns the problems, empty when the options are usable.</summary>
    public static IReadOnlyList<string> Validate(ChatServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> failures = [];
        if (options.Port is < 0 or > 65535)
        {
            failures.Add("--port must be between 0 and 65535; it is " + options.Port + ".");
        }

        if ((options.TlsCertificatePath is null) != (options.TlsKeyPath is null))
        {
            failures.Add("--tls-cert and --tls-key go together: give both PEM files.");
        }

        if (options.TlsSelfSigned && options.TlsCertificatePath is not null)
        {
            failures.Add("--tls-self-signed and --tls-cert exclude each other.");
        }

        foreach (var path in new[] { options.TlsCertificatePath, options.TlsKeyPath })
        {
            if (path is not null && !File.Exists(path))
            {
                failures.Add("The TLS file '" + path + "' does not exist.");
            }
        }

        if (!IPAddress.IsLoopback(options.ListenAddress) && !options.UsesTls && !options.AllowInsecure)
        {
            failures.Add("Refusing to serve plaintext on " + options.ListenAddress
                + ", which is not a loopback address: pass --tls-cert/--tls-key or --tls-self-signed, or --allow-insecure.");
        }

        if (!options.InMemoryStorage && string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            failures.Add("--data must name a directory.");
        }

        if (options.Role != ServerRole.All && options.Cluster is null)
        {
            failures.Add("--role " + options.Role.ToString().ToLowerInvariant() + " needs --cluster (" + ClusterStore.Syntax + "): a "
                + (options.Role == ServerRole.Silo ? "silo without a gateway serves nobody" : "gateway without a cluster has no grains to call") + ".");
        }

        if (options.Cluster is not null && options.HostsGrains && !IPAddress.IsLoopback(options.ListenAddress) && !options.AllowInsecure)
        {
            failures.Add("The cluster endpoint (--silo-port) speaks plaintext without authentication; to open it on " + options.ListenAddress
                + ", which is not a loopback address, pass --allow-insecure (and keep it on a private network).");
        }

        if (options.Cluster is not null && options.HostsGrains && options.AdvertisedHost is null
            && (options.ListenAddress.Equals(IPAddress.Any) || options.ListenAddress.Equals(IPAddress.IPv6Any)))
        {
            failures.Add("--listen " + options.ListenAddress + " is every address: give --advertise-host, the name or address other silos and gateways reach this silo at.");
        }

        if (options.WebPort is < 0 or > 65535)
        {
            failures.Add("--web-port must be between 0 (off) and 65535; it is " + options.WebPort + ".");
        }

        if (options.WebPort is { } webPort && webPort != 0 && webPort == options.Port && options.ServesClients)
        {
            failures.Add("--web-port and --port must differ (" + options.Port + "): gRPC-Web for browsers needs its own HTTP/1.1 port (use --web-port 0 to turn it off).");
        }

        if (options.SiloPort is < 0 or > 65535)
        {
            failures.Add("--silo-port must be between 0 and 65535; it is " + options.SiloPort + ".");
        }

        if (options.Cluster is not null && options.HostsGrains && options.ServesClients && options.SiloPort != 0 && options.SiloPort == options.Port)
        {
            failures.Add("--silo-port and --port must differ (" + options.Port + "): the cluster endpoint and the public endpoint are separate listeners.");
        }

        if (string.IsNullOrWhiteSpace(options.ClusterId) || options.ClusterId.Length > 64
            || !options.ClusterId.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
        {
            failures.Add("--cluster-id must be 1 to 64 letters, digits, '.', '_' or '-'; it is '" + options.ClusterId + "'.");
        }

        if (options.KeepAliveInterval <= TimeSpan.Zero)
        {
            failures.Add("The keepalive interval must be positive.");
        }

        return failures;
    }
}

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

        if (options.KeepAliveInterval <= TimeSpan.Zero)
        {
            failures.Add("The keepalive interval must be positive.");
        }

        return failures;
    }
}

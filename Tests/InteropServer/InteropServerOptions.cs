using System.Globalization;

namespace OrleansChat.InteropServer;

/// <summary>
/// Command line of the interop server, in the style of grpc's interop servers
/// (<c>--port=P</c> or <c>--port P</c>; <c>--use_tls</c>, <c>--use_tls=true|false</c>).
/// </summary>
public sealed record InteropServerOptions
{
    public const string Usage =
        """
        usage: OrleansChat.InteropServer [--port=PORT] [--use_tls[=true|false]] [--cert_pem_out=PATH] [--stop_on_stdin_close]
          --port                 port to listen on, on 127.0.0.1 (default 0: a free port)
          --use_tls              serve TLS with a fresh self-signed certificate (default false)
          --cert_pem_out         with TLS, where to write the certificate (PEM) that clients must trust
                                 (default: a file in the temp directory, named on stdout)
          --stop_on_stdin_close  stop when standard input reaches end of file (for test harnesses)
        """;

    /// <summary>The port on 127.0.0.1; 0 picks a free one. Default 0.</summary>
    public int Port { get; init; }

    /// <summary>Serve TLS (ALPN h2) with a self-signed certificate. Default false (h2c).</summary>
    public bool UseTls { get; init; }

    /// <summary>With TLS, where the certificate's PEM is written; null: a temp file.</summary>
    public string? CertificatePemPath { get; init; }

    /// <summary>Stop when standard input closes, so a harness that dies takes the server with it. Default false.</summary>
    public bool StopOnStdinClose { get; init; }

    /// <summary>Parses the arguments; throws <see cref="ArgumentException"/> naming the bad option.</summary>
    public static InteropServerOptions Parse(IReadOnlyList<string> args)
    {
        var options = new InteropServerOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var (name, inlineValue) = Split(args[i]);
            switch (name)
            {
                case "--port":
                    options = options with { Port = ParsePort(inlineValue ?? NextValue(args, ref i, name)) };
                    break;
                case "--use_tls":
                    options = options with { UseTls = ParseBool(name, inlineValue ?? OptionalBoolValue(args, ref i)) };
                    break;
                case "--cert_pem_out":
                    options = options with { CertificatePemPath = inlineValue ?? NextValue(args, ref i, name) };
                    break;
                case "--stop_on_stdin_close":
                    options = options with { StopOnStdinClose = ParseBool(name, inlineValue ?? OptionalBoolValue(args, ref i)) };
                    break;
                default:
                    throw new ArgumentException($"Unknown option '{args[i]}'.");
            }
        }

        return options;
    }

    private static (string Name, string? Value) Split(string arg)
    {
        var equals = arg.IndexOf('=', StringComparison.Ordinal);
        return equals < 0 ? (arg, null) : (arg[..equals], arg[(equals + 1)..]);
    }

    private static string NextValue(IReadOnlyList<string> args, ref int i, string name)
    {
        if (i + 1 >= args.Count)
        {
            throw new ArgumentException($"Option '{name}' needs a value.");
        }

        return args[++i];
    }

    /// <summary>A flag may stand alone (<c>--use_tls</c>) or be followed by <c>true</c>/<c>false</c>.</summary>
    private static string OptionalBoolValue(IReadOnlyList<string> args, ref int i)
    {
        if (i + 1 < args.Count && bool.TryParse(args[i + 1], out _))
        {
            return args[++i];
        }

        return "true";
    }

    private static bool ParseBool(string name, string value)
        => bool.TryParse(value, out var result)
            ? result
            : throw new ArgumentException($"Option '{name}' takes true or false, not '{value}'.");

    private static int ParsePort(string value)
        => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535
            ? port
            : throw new ArgumentException($"Option '--port' takes a port number 0-65535, not '{value}'.");
}

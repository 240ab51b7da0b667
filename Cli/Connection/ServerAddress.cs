using System.Diagnostics.CodeAnalysis;

namespace OrleansChat.Cli.Connection;

/// <summary>A server address as the user typed it (<c>host:port</c>, <c>http://host:port</c>,
/// <c>https://host:port</c>) and the URI the channel is opened with.</summary>
internal sealed record ServerAddress(Uri Uri, string Display)
{
    public const int DefaultPort = 50051;

    public bool IsTls => Uri.Scheme == Uri.UriSchemeHttps;

    public string Host => Uri.Host;

    public int Port => Uri.Port;

    public static bool TryParse(
        string text,
        bool useTls,
        [NotNullWhen(true)] out ServerAddress? address,
        [NotNullWhen(false)] out string? error)
    {
        address = null;
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            error = "invalid server address '': expected host:port, e.g. localhost:50051";
            return false;
        }

        string scheme;
        string rest;
        var separator = trimmed.IndexOf("://", StringComparison.Ordinal);
        if (separator >= 0)
        {
            scheme = trimmed[..separator].ToLowerInvariant();
            rest = trimmed[(separator + 3)..];
            if (scheme is not ("http" or "https"))
            {
                error = $"invalid server address '{text}': the scheme must be http or https";
                return false;
            }
        }
        else
        {
            scheme = useTls ? "https" : "http";
            rest = trimmed;
        }

        if (useTls)
        {
            scheme = "https";
        }

        rest = rest.TrimEnd('/');
        if (rest.Contains('/'))
        {
            error = $"invalid server address '{text}': expected host:port without a path";
            return false;
        }

        var hasPort = HasExplicitPort(rest);
        if (hasPort is null)
        {
            error = $"invalid server address '{text}': the port must be a number from 1 to 65535";
            return false;
        }

        if (!Uri.TryCreate($"{scheme}://{rest}", UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            error = $"invalid server address '{text}': expected host:port, e.g. localhost:50051";
            return false;
        }

        if (hasPort == false)
        {
            uri = new UriBuilder(uri) { Port = DefaultPort }.Uri;
        }
        else if (uri.Port is < 1 or > 65535)
        {
            error = $"invalid server address '{text}': the port must be a number from 1 to 65535";
            return false;
        }

        var host = uri.Host;
        address = new ServerAddress(new Uri($"{scheme}://{host}:{uri.Port}"), $"{host}:{uri.Port}");
        error = null;
        return true;
    }

    /// <summary>True when "host:port" names a valid port, false when there is no port, null when the port is malformed.</summary>
    private static bool? HasExplicitPort(string hostAndPort)
    {
        var closingBracket = hostAndPort.LastIndexOf(']');
        var colon = hostAndPort.LastIndexOf(':');
        if (colon < 0 || colon < closingBracket)
        {
            return false;
        }

        var port = hostAndPort[(colon + 1)..];
        return int.TryParse(port, System.Globalization.NumberStyles.None, null, out var value) && value is >= 1 and <= 65535
            ? true
            : null;
    }

    public override string ToString() => Display;
}

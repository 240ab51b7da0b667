using System.Net;
using Microsoft.Extensions.Logging;
using OrleansChat.Gateway;
using OrleansChat.Grains;

namespace OrleansChat.Silo.Hosting;

/// <summary>
/// Everything the embedded server (silo + gateway in one process) is started with; the command line fills it.
/// Checked by <see cref="ChatServerOptionsValidator"/> before anything starts.
/// </summary>
public sealed class ChatServerOptions
{
    /// <summary>The default port, 50051.</summary>
    public const int DefaultPort = 50051;

    /// <summary>The default port of the web endpoint (gRPC-Web for browsers), 8080.</summary>
    public const int DefaultWebPort = 8080;

    /// <summary>The default port of a silo's cluster endpoint, 11111 (as Orleans' silo port).</summary>
    public const int DefaultSiloPort = 11111;

    /// <summary>The address to listen on (<c>--listen</c>). Default 127.0.0.1.</summary>
    public IPAddress ListenAddress { get; set; } = IPAddress.Loopback;

    /// <summary>The port (<c>--port</c>); 0 picks a free one. Default 50051.</summary>
    public int Port { get; set; } = DefaultPort;

    /// <summary>
    /// The port of the web endpoint (<c>--web-port</c>): HTTP/1.1 for browsers, serving the same services over gRPC-Web
    /// (browsers never speak cleartext HTTP/2, and one cleartext port cannot serve both). With TLS it speaks TLS too,
    /// and the main port also takes gRPC-Web (ALPN). Null turns it off (the command line's <c>--web-port 0</c>); 0 picks
    /// a free port. Default 8080.
    /// </summary>
    public int? WebPort { get; set; } = DefaultWebPort;

    /// <summary>
    /// The built web client served at <c>/</c> on the web port (index.html, app.js, app.css: <c>Web/dist</c>, which the
    /// build copies to <c>wwwroot</c> next to the server). Default: <c>wwwroot</c> in the application's directory.
    /// </summary>
    public string WebRoot { get; set; } = Path.Combine(AppContext.BaseDirectory, "wwwroot");

    /// <summary>The state directory (<c>--data</c>): the SQLite database and the development certificate. Default ./data.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Keep grain state in memory instead of SQLite (tests only; nothing survives the process).</summary>
    public bool InMemoryStorage { get; set; }

    /// <summary>A PEM certificate (<c>--tls-cert</c>), with <see cref="TlsKeyPath"/>.</summary>
    public string? TlsCertificatePath { get; set; }

    /// <summary>The PEM private key of <see cref="TlsCertificatePath"/> (<c>--tls-key</c>).</summary>
    public string? TlsKeyPath { get; set; }

    /// <summary>Serve TLS with a development certificate made on first run and kept in the data directory (<c>--tls-self-signed</c>).</summary>
    public bool TlsSelfSigned { get; set; }

    /// <summary>Allow plaintext on a non-loopback address (<c>--allow-insecure</c>). Default false.</summary>
    public bool AllowInsecure { get; set; }

    /// <summary>The minimum log level (<c>--log-level</c>); logs go to stderr. Default Information.</summary>
    public LogLevel LogLevel { get; set; } = LogLevel.Information;

    /// <summary>
    /// How long a client connection may be silent before the server pings it (HTTP/2 PING); a peer that does not
    /// answer within 20 s is dropped, and its sessions leave their rooms. Default 1 minute.
    /// </summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long the server waits for the answer to a keepalive ping before it drops the connection. Default 20 seconds.</summary>
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>What this process does (<c>--role</c>): silo + gateway (default), silo only, or gateway only.</summary>
    public ServerRole Role { get; set; } = ServerRole.All;

    /// <summary>The cluster's store (<c>--cluster</c>); null runs a single silo that forms no cluster (the default).</summary>
    public ClusterStore? Cluster { get; set; }

    /// <summary>The cluster's name in the store (<c>--cluster-id</c>), so several clusters can share one. Default "orleanschat".</summary>
    public string ClusterId { get; set; } = "orleanschat";

    /// <summary>The port of the silo's cluster endpoint, where peers and gateways call it (<c>--silo-port</c>); 0 picks a free one. Default 11111.</summary>
    public int SiloPort { get; set; } = DefaultSiloPort;

    /// <summary>
    /// The host name or address other silos and gateways use to reach this silo's cluster endpoint
    /// (<c>--advertise-host</c>); null uses <see cref="ListenAddress"/>, which then must not be a wildcard (0.0.0.0, ::).
    /// </summary>
    public string? AdvertisedHost { get; set; }

    /// <summary>The gateway's limits and security.</summary>
    public GatewayOptions Gateway { get; set; } = new();

    /// <summary>The rooms' history depth and session leases.</summary>
    public RoomOptions Rooms { get; set; } = new();

    /// <summary>Whether the server speaks TLS.</summary>
    public bool UsesTls => TlsSelfSigned || TlsCertificatePath is not null;

    /// <summary>The SQLite database file.</summary>
    public string DatabasePath => Path.Combine(DataDirectory, "orleanschat.db");

    /// <summary>The SQLite membership table of a cluster on one host.</summary>
    public string MembershipDatabasePath => Path.Combine(DataDirectory, "cluster.db");

    /// <summary>Whether this process hosts grains.</summary>
    public bool HostsGrains => Role != ServerRole.Gateway;

    /// <summary>Whether this process serves clients.</summary>
    public bool ServesClients => Role != ServerRole.Silo;
}

using System.Net;
using OrleansChat.Silo.Hosting;

namespace OrleansChat.Chat.Tests.Gateway;

/// <summary>The server refuses cluster settings that cannot work, each with a message naming the flag.</summary>
public sealed class ClusterOptionsTests
{
    private static readonly ClusterStore Sqlite = new(ClusterStoreKind.Sqlite, string.Empty);

    [Theory]
    [InlineData(ServerRole.Silo, "--role silo needs --cluster")]
    [InlineData(ServerRole.Gateway, "--role gateway needs --cluster")]
    public void A_silo_or_gateway_role_without_a_cluster_is_refused(ServerRole role, string expected)
    {
        var failures = ChatServerOptionsValidator.Validate(new ChatServerOptions { Role = role });

        Assert.Contains(failures, f => f.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_cluster_endpoint_on_a_network_address_needs_allow_insecure()
    {
        var options = new ChatServerOptions { Cluster = Sqlite, Role = ServerRole.Silo, ListenAddress = IPAddress.Parse("10.0.0.5") };

        Assert.Contains(ChatServerOptionsValidator.Validate(options), f => f.Contains("--allow-insecure", StringComparison.Ordinal));
        options.AllowInsecure = true;
        Assert.Empty(ChatServerOptionsValidator.Validate(options));
    }

    [Fact]
    public void Listening_on_every_address_needs_an_advertised_host()
    {
        var options = new ChatServerOptions { Cluster = Sqlite, Role = ServerRole.Silo, ListenAddress = IPAddress.Any, AllowInsecure = true };

        Assert.Contains(ChatServerOptionsValidator.Validate(options), f => f.Contains("--advertise-host", StringComparison.Ordinal));
        options.AdvertisedHost = "silo1.internal";
        Assert.Empty(ChatServerOptionsValidator.Validate(options));
    }

    [Fact]
    public void Silo_port_and_client_port_must_differ_when_one_process_serves_both()
    {
        var failures = ChatServerOptionsValidator.Validate(new ChatServerOptions { Cluster = Sqlite, Port = 50051, SiloPort = 50051 });

        Assert.Contains(failures, f => f.StartsWith("--silo-port and --port must differ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("sqlite", ClusterStoreKind.Sqlite, "")]
    [InlineData("postgres:Host=db;Database=chat", ClusterStoreKind.Postgres, "Host=db;Database=chat")]
    public void Cluster_store_text_is_parsed(string text, ClusterStoreKind kind, string connectionString)
    {
        var store = ClusterStore.Parse(text, out var problem);

        Assert.Null(problem);
        Assert.Equal(new ClusterStore(kind, connectionString), store);
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("mysql:Host=db")]
    [InlineData("")]
    public void Unknown_cluster_store_text_is_refused_with_the_syntax(string text)
    {
        Assert.Null(ClusterStore.Parse(text, out var problem));
        Assert.Contains("'sqlite' or 'postgres:<connection string>'", problem, StringComparison.Ordinal);
    }
}

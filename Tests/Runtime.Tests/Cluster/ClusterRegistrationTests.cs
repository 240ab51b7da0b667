using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrleansChat.Runtime.Cluster;
using OrleansChat.Runtime.Configuration;
using OrleansChat.Runtime.Hosting;
using OrleansChat.Runtime.Membership;
using OrleansChat.Runtime.Tests.Infrastructure;

namespace OrleansChat.Runtime.Tests.Cluster;

/// <summary>How clustering is registered: options validation, and a cluster client that starts before any silo.</summary>
[Collection(ClusterPerTestCollection.Name)]
public sealed class ClusterRegistrationTests
{
    [Fact]
    public async Task Invalid_clustering_options_fail_the_start_naming_the_option()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddGrainRuntime()
            .AddClustering(o =>
            {
                o.Port = 70000;
                o.ListenAddress = "0.0.0.0";
            })
            .AddMemoryMembershipTable(new MemoryMembershipTable());
        using var host = builder.Build();

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("ClusteringOptions.Port must be between 0 and 65535", exception.Message, StringComparison.Ordinal);
        Assert.Contains("ClusteringOptions.AdvertisedHost must be set", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cluster_client_started_before_any_silo_becomes_ready_when_one_joins()
    {
        var table = new MemoryMembershipTable();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddClusterClient(o => o.ClientName = "early")
            .AddMemoryMembershipTable(table)
            .Configure<MembershipOptions>(o =>
            {
                o.ClusterId = "testcluster";
                o.TableRefreshInterval = TimeSpan.FromMilliseconds(100);
                o.HeartbeatInterval = TimeSpan.FromMilliseconds(100);
            });
        using var clientHost = builder.Build();
        await clientHost.StartAsync();
        try
        {
            var client = clientHost.Services.GetRequiredService<IClusterClient>();
            Assert.False(client.IsReady);
            var early = Assert.Throws<InvalidOperationException>(() => client.GetGrain<IPlacedGrain>("early"));
            Assert.Contains("WaitForClusterAsync", early.Message, StringComparison.Ordinal);

            await using var scope = await ClusterTestScope.StartAsync(silos: 1, o => o.MembershipTable = table);
            await client.WaitForClusterAsync(CancellationToken.None).WaitSignal();

            Assert.True(client.IsReady);
            Assert.Same(client, clientHost.Services.GetRequiredService<IGrainFactory>());
            Assert.Equal(scope.Cluster.Primary.SiloAddress.ToString(), await client.GetGrain<IPlacedGrain>("early").WhereAmI());
        }
        finally
        {
            await clientHost.StopAsync();
        }
    }

    [Fact]
    public void A_silo_cannot_also_be_a_cluster_client()
    {
        var services = new ServiceCollection().AddGrainRuntime();

        var exception = Assert.Throws<InvalidOperationException>(() => services.AddClusterClient());

        Assert.Contains("AddClusterClient is for processes that host no grains", exception.Message, StringComparison.Ordinal);
    }
}

using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansChat.Runtime.Configuration;
using OrleansChat.Runtime.Hosting;
using OrleansChat.Runtime.Membership;
using OrleansChat.Runtime.Placement;
using OrleansChat.Runtime.Tests.Infrastructure;

namespace OrleansChat.Runtime.Tests.Membership;

public sealed class MembershipRegistrationTests
{
    [Fact]
    public async Task AddMembershipAgent_registers_the_agent_as_the_view_over_the_shared_table()
    {
        var table = new MemoryMembershipTable();
        await using var provider = new ServiceCollection()
            .AddMemoryMembershipTable(table)
            .AddMembershipAgent(o => o.ClusterId = "registered")
            .BuildServiceProvider();

        var agent = provider.GetRequiredService<MembershipAgent>();

        Assert.Same(agent, provider.GetRequiredService<IClusterMembershipView>());
        Assert.Same(table, provider.GetRequiredService<IMembershipTable>());
        Assert.Equal("registered", provider.GetRequiredService<IOptions<MembershipOptions>>().Value.ClusterId);
        provider.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public async Task AddMembershipReader_registers_the_reader_as_the_view()
    {
        await using var provider = new ServiceCollection()
            .AddMemoryMembershipTable(new MemoryMembershipTable())
            .AddMembershipReader()
            .BuildServiceProvider();

        Assert.Same(provider.GetRequiredService<MembershipReader>(), provider.GetRequiredService<IClusterMembershipView>());
    }

    [Fact]
    public async Task Invalid_membership_options_fail_at_start()
    {
        await using var provider = new ServiceCollection()
            .AddMemoryMembershipTable(new MemoryMembershipTable())
            .AddMembershipAgent(o => o.DeathTimeout = TimeSpan.FromSeconds(1))
            .BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("MembershipOptions.DeathTimeout", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddSqliteMembershipTable_registers_the_table_for_the_cluster_id()
    {
        using var directory = new TempDirectory();
        await using (var provider = new ServiceCollection()
            .AddSqliteMembershipTable(directory.File("membership.db"))
            .AddMembershipAgent(o => o.ClusterId = "sqlite-cluster")
            .BuildServiceProvider())
        {
            provider.GetRequiredService<IStartupValidator>().Validate();
            var table = Assert.IsType<SqliteMembershipTable>(provider.GetRequiredService<IMembershipTable>());
            await table.InitializeAsync(CancellationToken.None);
            var now = DateTimeOffset.UtcNow;
            await table.InsertAsync(new MembershipEntry(new SiloAddress("127.0.0.1:1", 1), "s", SiloStatus.Active, now, now), CancellationToken.None);
        }

        await using var connection = new SqliteConnection("Data Source=" + directory.File("membership.db"));
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT cluster_id FROM membership";
        Assert.Equal("sqlite-cluster", await command.ExecuteScalarAsync() as string);
    }

    [Fact]
    public async Task SQLite_membership_table_without_a_data_source_fails_at_start()
    {
        await using var provider = new ServiceCollection()
            .AddSqliteMembershipTable(_ => { })
            .AddMembershipAgent()
            .BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("SqliteMembershipTableOptions.DataSource", exception.Message, StringComparison.Ordinal);
    }
}

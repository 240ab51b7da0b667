using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansChat.Runtime.Configuration;
using OrleansChat.Runtime.Hosting;
using OrleansChat.Runtime.Membership;

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
}

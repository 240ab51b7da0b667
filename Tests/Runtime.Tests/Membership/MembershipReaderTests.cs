using OrleansChat.Runtime.Membership;
using OrleansChat.Runtime.Tests.Infrastructure;

namespace OrleansChat.Runtime.Tests.Membership;

public sealed class MembershipReaderTests
{
    [Fact]
    public async Task Reader_sees_joins_and_deaths_but_writes_nothing()
    {
        await using var kit = new MembershipTestKit();
        var a = await kit.StartAgentAsync();
        var readerTable = new InterceptingMembershipTable(kit.Table);
        var reader = kit.CreateReader(readerTable);

        await reader.StartAsync(CancellationToken.None);
        Assert.Equal([a.Self], reader.Current.ActiveSilos);
        var b = await kit.StartAgentAsync();
        await reader.WaitForStatusAsync(b.Self, SiloStatus.Active);
        await b.StopAsync(graceful: true, CancellationToken.None);
        await reader.WaitForStatusAsync(b.Self, SiloStatus.Dead);
        var c = await kit.StartAgentAsync();
        await reader.WaitForStatusAsync(c.Self, SiloStatus.Active);
        await c.StopAsync(graceful: false, CancellationToken.None);
        await reader.WaitForStatusAsync(c.Self, SiloStatus.Dead);

        Assert.Equal(0, readerTable.Writes);
    }

    [Fact]
    public async Task Reader_never_declares_a_silent_silo_dead()
    {
        await using var kit = new MembershipTestKit();
        var readerTable = new InterceptingMembershipTable(kit.Table);
        var reader = kit.CreateReader(readerTable);
        var silent = kit.NextAddress();
        var longAgo = DateTimeOffset.UtcNow.AddHours(-1);
        await kit.Table.InsertAsync(new MembershipEntry(silent, "silent", SiloStatus.Active, longAgo, longAgo), CancellationToken.None);

        await reader.StartAsync(CancellationToken.None);
        reader.ReportUnreachable(silent);
        await reader.RefreshAsync(CancellationToken.None);

        Assert.Equal(SiloStatus.Active, reader.Current.GetStatus(silent));
        Assert.Equal(SiloStatus.Active, (await kit.Table.RowAsync(silent))?.Status);
        Assert.Equal(0, readerTable.Writes);
    }

    [Fact]
    public async Task Reader_survives_table_failures()
    {
        await using var kit = new MembershipTestKit();
        var readerTable = new InterceptingMembershipTable(kit.Table);
        var reader = kit.CreateReader(readerTable);
        await reader.StartAsync(CancellationToken.None);

        readerTable.Failing = true;
        await readerTable.WhenFailed(3).WaitSignal();
        readerTable.Failing = false;
        var a = await kit.StartAgentAsync();

        await reader.WaitForStatusAsync(a.Self, SiloStatus.Active);
    }
}

using OrleansChat.Runtime.Membership;
using OrleansChat.Runtime.Tests.Infrastructure;

namespace OrleansChat.Runtime.Tests.Membership;

public sealed class MembershipAgentTests
{
    private static readonly TimeSpan Never = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task Joining_agents_see_each_other_active()
    {
        await using var kit = new MembershipTestKit();
        var a = await kit.StartAgentAsync();
        var b = await kit.StartAgentAsync();
        var c = await kit.StartAgentAsync();
        var all = new[] { a.Self, b.Self, c.Self }.OrderBy(s => s.Endpoint, StringComparer.Ordinal).ToArray();

        foreach (var agent in new[] { a, b, c })
        {
            var snapshot = await agent.WaitUntilAsync(s => s.ActiveSilos.Count == 3);
            Assert.Equal(all, snapshot.ActiveSilos);
        }
    }

    [Fact]
    public async Task Joined_agent_is_Joining_until_it_becomes_active()
    {
        await using var kit = new MembershipTestKit();
        var a = await kit.StartAgentAsync();
        var b = kit.CreateAgent();
        var address = kit.NextAddress();

        await b.JoinAsync(address, "b", CancellationToken.None);

        Assert.Equal(SiloStatus.Joining, b.Current.GetStatus(address));
        Assert.Equal(SiloStatus.Active, b.Current.GetStatus(a.Self));
        Assert.DoesNotContain(address, b.Current.ActiveSilos);
        await a.WaitForStatusAsync(address, SiloStatus.Joining);
        await b.BecomeActiveAsync(CancellationToken.None);
        Assert.Equal(SiloStatus.Active, b.Current.GetStatus(address));
        await a.WaitForStatusAsync(address, SiloStatus.Active);
    }

    [Fact]
    public async Task Joining_twice_with_the_same_address_throws()
    {
        await using var kit = new MembershipTestKit();
        var a = await kit.StartAgentAsync();
        var impostor = kit.CreateAgent();

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => impostor.JoinAsync(a.Self, "impostor", CancellationToken.None));
        Assert.Contains(a.Self.ToString(), exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shutting_down_silo_leaves_the_active_set()
    {
        await using var kit = new MembershipTestKit();
        var a = await kit.StartAgentAsync();
        var b = await kit.StartAgentAsync();
        await a.WaitForStatusAsync(b.Self, SiloStatus.Active);

        await b.ShutDownAsync(CancellationToken.None);

        Assert.Equal(SiloStatus.ShuttingDown, b.Current.GetStatus(b.Self));
        var seen = await a.WaitForStatusAsync(b.Self, SiloStatus.ShuttingDown);
        Assert.Equal([a.Self], seen.ActiveSilos);
    }

    [Fact]
    public async Task Gracefully_stopped_silo_is_seen_dead_by_peers()
    {
        await using var kit = new MembershipTestKit();
        var a = await kit.StartAgentAsync(o => o.DeathTimeout = Never);
        var b = await kit.StartAgentAsync(o => o.DeathTimeout = Never);
        await a.WaitForStatusAsync(b.Self, SiloStatus.Active);

        await b.ShutDownAsync(CancellationToken.None);
        await b.StopAsync(graceful: true, CancellationToken.None);

        Assert.Equal(SiloStatus.Dead, (await kit.Table.RowAsync(b.Self))?.Status);
        var seen = await a.WaitForStatusAsync(b.Self, SiloStatus.Dead);
        Assert.Equal([a.Self], seen.ActiveSilos);
    }

    [Fact]
    public async Task Killed_silo_writes_nothing_and_is_declared_dead_by_peers_after_the_death_timeout()
    {
        await using var kit = new MembershipTestKit();
        var a = await kit.StartAgentAsync();
        var bTable = new InterceptingMembershipTable(kit.Table);
        var b = await kit.StartAgentAsync(table: bTable);
        await a.WaitForStatusAsync(b.Self, SiloStatus.Active);

        await b.StopAsync(graceful: false, CancellationToken.None);
        var writesAtKill = bTable.Writes;

        await a.WaitForStatusAsync(b.Self, SiloStatus.Dead);
        Assert.Equal(SiloStatus.Dead, (await kit.Table.RowAsync(b.Self))?.Status);
        Assert.Equal(writesAtKill, bTable.Writes);
        Assert.False(b.DeclaredDead.IsCancellationRequested);
    }

    [Fact]
    public async Task Unreachable_killed_silo_is_declared_dead_without_waiting_for_the_death_timeout()
    {
        await using var kit = new MembershipTestKit();
        var a = await kit.StartAgentAsync(o => o.DeathTimeout = Never);
        var b = await kit.StartAgentAsync(o => o.DeathTimeout = Never);
        await a.WaitForStatusAsync(b.Self, SiloStatus.Active);

        await b.StopAsync(graceful: false, CancellationToken.None);
        a.ReportUnreachable(b.Self);

        // With a ten-minute death timeout, only the unreachable report can get B declared dead within the test's wait.
        await a.WaitForStatusAsync(b.Self, SiloStatus.Dead);
        Assert.Equal(SiloStatus.Dead, (await kit.Table.RowAsync(b.Self))?.Status);
    }

    [Fact]
    public async Task Live_silo_reported_unreachable_is_not_declared_dead()
    {
        await using var kit = new MembershipTestKit();
        var a = await kit.StartAgentAsync(o => o.DeathTimeout = Never);
        var b = await kit.StartAgentAsync(o => o.DeathTimeout = Never);
        await a.WaitForStatusAsync(b.Self, SiloStatus.Active);

        var reportedAt = DateTimeOffset.UtcNow;
        a.ReportUnreachable(b.Self);

        // B keeps beating: once its heartbeat is newer than the grace period after the report, A must still see it alive.
        var gracePeriod = MembershipTestKit.FastOptions().UnreachableGracePeriod;
        await MembershipViewWaits.PollUntilAsync(async () => (await kit.Table.RowAsync(b.Self))!.IAmAliveAt > reportedAt + (gracePeriod * 2));
        await a.RefreshAsync(CancellationToken.None);
        Assert.Equal(SiloStatus.Active, a.Current.GetStatus(b.Self));
        Assert.Equal(SiloStatus.Active, (await kit.Table.RowAsync(b.Self))?.Status);
        Assert.False(b.DeclaredDead.IsCancellationRequested);
    }

    [Fact]
    public async Task Silo_marked_dead_in_the_table_has_DeclaredDead_cancelled()
    {
        await using var kit = new MembershipTestKit { ErrorsExpected = true };
        var a = await kit.StartAgentAsync();
        var declaredDead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = a.DeclaredDead.Register(declaredDead.SetResult);

        await kit.Table.UpdateStatusAsync(a.Self, SiloStatus.Dead, CancellationToken.None);

        await declaredDead.Task.WaitSignal();
        Assert.Equal(SiloStatus.Dead, a.Current.GetStatus(a.Self));
        Assert.Contains(kit.Errors.Errors, e => e.Contains("MembershipSelfDeclaredDead", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Table_failures_do_not_stop_the_loops()
    {
        await using var kit = new MembershipTestKit();
        var aTable = new InterceptingMembershipTable(kit.Table);
        var a = await kit.StartAgentAsync(o => o.DeathTimeout = Never, aTable);

        aTable.Failing = true;
        await aTable.WhenFailed(6).WaitSignal();
        aTable.Failing = false;
        var b = await kit.StartAgentAsync(o => o.DeathTimeout = Never);

        await a.WaitForStatusAsync(b.Self, SiloStatus.Active);
        var heartbeat = (await kit.Table.RowAsync(a.Self))!.IAmAliveAt;
        await MembershipViewWaits.PollUntilAsync(async () => (await kit.Table.RowAsync(a.Self))!.IAmAliveAt > heartbeat);
    }

    [Fact]
    public async Task Heartbeats_alone_do_not_change_the_version()
    {
        await using var kit = new MembershipTestKit();
        var a = await kit.StartAgentAsync(o => o.DeathTimeout = Never);
        await a.RefreshAsync(CancellationToken.None);
        var version = a.Current.Version;
        var heartbeat = (await kit.Table.RowAsync(a.Self))!.IAmAliveAt;

        await MembershipViewWaits.PollUntilAsync(async () => (await kit.Table.RowAsync(a.Self))!.IAmAliveAt > heartbeat);
        await a.RefreshAsync(CancellationToken.None);
        Assert.Equal(version, a.Current.Version);

        var b = await kit.StartAgentAsync(o => o.DeathTimeout = Never);
        await a.RefreshAsync(CancellationToken.None);
        Assert.True(a.Current.Version > version);
        Assert.Equal(SiloStatus.Active, a.Current.GetStatus(b.Self));
    }

    [Fact]
    public async Task Agent_deletes_dead_rows_older_than_the_retention_only()
    {
        await using var kit = new MembershipTestKit();
        var now = DateTimeOffset.UtcNow;
        var old = kit.NextAddress();
        var recent = kit.NextAddress();
        await kit.Table.InsertAsync(new MembershipEntry(old, "old", SiloStatus.Dead, now.AddHours(-3), now.AddMinutes(-90)), CancellationToken.None);
        await kit.Table.InsertAsync(new MembershipEntry(recent, "recent", SiloStatus.Dead, now.AddHours(-3), now.AddMinutes(-30)), CancellationToken.None);

        var a = await kit.StartAgentAsync(o => o.DefunctRetention = TimeSpan.FromHours(1));

        await a.WaitUntilAsync(s => s.GetStatus(old) == SiloStatus.None);
        Assert.Equal(SiloStatus.Dead, a.Current.GetStatus(recent));
        Assert.NotNull(await kit.Table.RowAsync(recent));
    }

    [Fact]
    public async Task WaitForChangeAsync_returns_at_once_for_an_older_version_and_honours_cancellation()
    {
        await using var kit = new MembershipTestKit();
        var a = await kit.StartAgentAsync();
        var current = a.Current;

        Assert.Same(current, await a.WaitForChangeAsync(current.Version - 1, CancellationToken.None));
        using var cancelled = new CancellationTokenSource();
        var waiting = a.WaitForChangeAsync(current.Version + 100, cancelled.Token);
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansChat.Runtime.Membership;
using OrleansChat.Runtime.Tests.Infrastructure;

namespace OrleansChat.Runtime.Tests.Cluster;

/// <summary>Silos stopping, crashing, joining and being declared dead; each test has a cluster of its own.</summary>
[Collection(ClusterPerTestCollection.Name)]
public sealed class ClusterFailureTests
{
    [Fact]
    public async Task Grains_of_a_killed_silo_reactivate_on_survivors_with_their_stored_state()
    {
        await using var scope = await ClusterTestScope.StartAsync(silos: 3);
        var silos = scope.Cluster.Silos;
        var victim = silos[2];
        var keys = Enumerable.Range(0, 3).Select(i => scope.KeyOwnedBy(victim, "killed-" + i)).ToList();
        foreach (var key in keys)
        {
            var grain = silos[0].GrainFactory.GetGrain<IPlacedGrain>(key);
            await grain.Increment();
            Assert.Equal(2, await grain.Increment());
            Assert.Equal(victim.SiloAddress.ToString(), await grain.WhereAmI());
        }

        await scope.Cluster.KillSiloAsync(victim);
        await scope.WaitForStableAsync();

        foreach (var key in keys)
        {
            var grain = silos[0].GrainFactory.GetGrain<IPlacedGrain>(key);
            Assert.Equal(2, await grain.Get());
            Assert.NotEqual(victim.SiloAddress.ToString(), await grain.WhereAmI());
            Assert.Empty(scope.Probe.Deactivations(key));
        }
    }

    [Fact]
    public async Task Graceful_stop_writes_state_on_deactivation_and_the_grain_moves_to_another_silo()
    {
        await using var scope = await ClusterTestScope.StartAsync(silos: 2);
        var (stayer, leaver) = (scope.Cluster.Silos[0], scope.Cluster.Silos[1]);
        var key = scope.KeyOwnedBy(leaver, "graceful");
        var grain = stayer.GrainFactory.GetGrain<IPlacedGrain>(key);
        await grain.Increment();
        await grain.WriteOnDeactivation(41);

        await scope.Cluster.StopSiloAsync(leaver);

        Assert.Equal([(leaver.SiloAddress.ToString(), DeactivationReasonCode.ShuttingDown)], scope.Probe.Deactivations(key));
        Assert.Equal(41, await grain.Get());
        Assert.Equal(stayer.SiloAddress.ToString(), await grain.WhereAmI());
        Assert.Equal(SiloStatus.Dead, (await scope.Cluster.MembershipTable.ReadAllAsync(CancellationToken.None)).Single(e => e.Silo == leaver.SiloAddress).Status);
    }

    [Fact]
    public async Task Calls_in_flight_to_a_killed_silo_fail_with_SiloUnavailableException_and_later_calls_succeed_on_survivors()
    {
        // A response timeout far beyond the signal timeout: the in-flight call must fail because the connection broke.
        await using var scope = await ClusterTestScope.StartAsync(silos: 3, o => o.ResponseTimeout = TimeSpan.FromMinutes(2));
        var silos = scope.Cluster.Silos;
        var victim = silos[1];
        var key = scope.KeyOwnedBy(victim, "in-flight");
        var grain = silos[0].GrainFactory.GetGrain<IPlacedGrain>(key);
        var blocked = grain.WaitForGate("never answered");
        var fromClientKey = scope.KeyOwnedBy(victim, "in-flight-client");
        await using var client = await scope.Cluster.CreateClusterClientAsync();
        var blockedFromClient = client.GrainFactory.GetGrain<IPlacedGrain>(fromClientKey).WaitForGate("never answered either");
        await scope.Probe.Signal("entered:" + key).Task.WaitSignal();
        await scope.Probe.Signal("entered:" + fromClientKey).Task.WaitSignal();

        await scope.Cluster.KillSiloAsync(victim);

        var failure = await Assert.ThrowsAsync<SiloUnavailableException>(() => blocked.WaitSignal());
        Assert.Contains(victim.SiloAddress.ToString(), failure.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<SiloUnavailableException>(() => blockedFromClient.WaitSignal());

        // Before the survivors declare the victim dead, new calls meet a refused connection, wait for the view to
        // change and go to a survivor.
        Assert.NotEqual(victim.SiloAddress.ToString(), await grain.WhereAmI().WaitSignal());
        Assert.NotEqual(victim.SiloAddress.ToString(), await client.GrainFactory.GetGrain<IPlacedGrain>(fromClientKey).WhereAmI().WaitSignal());
        scope.Probe.Gate.TrySetResult();
    }

    [Fact]
    public async Task A_joining_silo_takes_over_grains_and_their_old_owners_deactivate_them()
    {
        await using var scope = await ClusterTestScope.StartAsync(silos: 2);
        var caller = scope.Cluster.Silos[0];
        var keys = Enumerable.Range(0, 24).Select(i => "rebalance-" + i).ToList();
        foreach (var key in keys)
        {
            await caller.GrainFactory.GetGrain<IPlacedGrain>(key).Increment();
        }

        var newcomer = await scope.Cluster.StartAdditionalSiloAsync();
        await scope.WaitForStableAsync();
        var moved = keys.Where(k => ClusterTestScope.OwnerOf(caller, k) == newcomer.SiloAddress).ToList();
        Assert.NotEmpty(moved);

        foreach (var key in moved)
        {
            await scope.Probe.Signal("deactivated:" + key).Task.WaitSignal();
            Assert.Equal(DeactivationReasonCode.Migrating, scope.Probe.Deactivations(key).Single().Reason);
            var grain = caller.GrainFactory.GetGrain<IPlacedGrain>(key);
            Assert.Equal(newcomer.SiloAddress.ToString(), await grain.WhereAmI());
            Assert.Equal(1, await grain.Get());
        }

        foreach (var key in keys.Except(moved))
        {
            Assert.Empty(scope.Probe.Deactivations(key));
        }
    }

    [Fact]
    public async Task A_silo_declared_dead_in_the_table_stops_itself_and_the_others_take_its_grains()
    {
        await using var scope = await ClusterTestScope.StartAsync(silos: 2);
        scope.ExpectedErrors.Add("reads itself");
        var (survivor, victim) = (scope.Cluster.Silos[0], scope.Cluster.Silos[1]);
        var key = scope.KeyOwnedBy(victim, "declared-dead");
        await survivor.GrainFactory.GetGrain<IPlacedGrain>(key).Increment();
        var stopping = victim.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;

        Assert.True(await scope.Cluster.MembershipTable.UpdateStatusAsync(victim.SiloAddress, SiloStatus.Dead, CancellationToken.None));

        await victim.Stopped.WaitSignal();
        Assert.True(stopping.IsCancellationRequested);
        Assert.False(victim.IsActive);
        Assert.Equal([survivor], scope.Cluster.Silos);
        await scope.WaitForStableAsync();
        var grain = survivor.GrainFactory.GetGrain<IPlacedGrain>(key);
        Assert.Equal(survivor.SiloAddress.ToString(), await grain.WhereAmI());
        Assert.Equal(1, await grain.Get());
        Assert.Contains(scope.Errors.Errors, e => e.Contains("reads itself dead", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_restarted_silo_gets_a_new_address_and_rejoins()
    {
        await using var scope = await ClusterTestScope.StartAsync(silos: 2);
        var old = scope.Cluster.Silos[1];

        var restarted = await scope.Cluster.RestartSiloAsync(old);
        await scope.WaitForStableAsync();

        Assert.Equal(old.Name, restarted.Name);
        Assert.NotEqual(old.SiloAddress, restarted.SiloAddress);
        var key = scope.KeyOwnedBy(restarted, "restarted");
        Assert.Equal(restarted.SiloAddress.ToString(), await scope.Cluster.Silos[0].GrainFactory.GetGrain<IPlacedGrain>(key).WhereAmI());
    }
}

using OrleansChat.Runtime.Membership;
using OrleansChat.Runtime.Placement;

namespace OrleansChat.Runtime.Tests.Cluster;

public sealed class HashPlacementTests
{
    private static readonly SiloAddress[] Silos = [.. Enumerable.Range(0, 4).Select(i => new SiloAddress("10.0.0." + i + ":11111", 1000 + i))];

    [Fact]
    public void Placement_is_the_same_for_every_director_and_every_order_of_the_table()
    {
        var forward = new HashPlacementDirector(new FixedView(Snapshot(Silos)));
        var backward = new HashPlacementDirector(new FixedView(Snapshot([.. Silos.Reverse()])));

        foreach (var key in Keys(200))
        {
            Assert.Equal(forward.PlaceKey(key), backward.PlaceKey(key));
        }
    }

    [Fact]
    public void Placement_of_known_keys_never_changes_between_builds()
    {
        // Pinned values: the hash must be stable across processes and versions, unlike string.GetHashCode.
        var director = new HashPlacementDirector(new FixedView(Snapshot(Silos)));

        var owners = new[] { "room/general", "user/alice", "room/dev" }.Select(k => director.PlaceKey(k).Endpoint).ToList();

        Assert.Equal(["10.0.0.2:11111", "10.0.0.0:11111", "10.0.0.1:11111"], owners);
    }

    [Fact]
    public void Keys_spread_over_every_active_silo()
    {
        var director = new HashPlacementDirector(new FixedView(Snapshot(Silos)));

        var counts = Keys(4000).GroupBy(k => director.PlaceKey(k)).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(Silos.Length, counts.Count);
        Assert.All(counts.Values, count => Assert.InRange(count, 700, 1300));
    }

    [Fact]
    public void Only_the_keys_of_a_leaving_silo_move_and_a_joining_silo_only_takes_keys()
    {
        var all = new HashPlacementDirector(new FixedView(Snapshot(Silos)));
        var withoutLast = new HashPlacementDirector(new FixedView(Snapshot(Silos[..^1])));

        foreach (var key in Keys(2000))
        {
            var before = withoutLast.PlaceKey(key);
            var after = all.PlaceKey(key);
            Assert.True(after == before || after == Silos[^1], key + " moved from " + before + " to " + after);
        }
    }

    [Fact]
    public void Only_active_silos_get_grains_and_none_active_fails_naming_the_situation()
    {
        var entries = Silos.Select((s, i) => Entry(s, i == 0 ? SiloStatus.Active : SiloStatus.ShuttingDown)).ToList();
        var director = new HashPlacementDirector(new FixedView(new MembershipSnapshot(3, entries)));
        Assert.All(Keys(50), key => Assert.Equal(Silos[0], director.Place(new GrainId("room", key), director.View.Current)));

        var empty = new HashPlacementDirector(new FixedView(new MembershipSnapshot(4, [Entry(Silos[0], SiloStatus.Dead)])));
        var exception = Assert.Throws<SiloUnavailableException>(() => empty.PlaceKey("room/general"));
        Assert.Contains("No silo of the cluster is active", exception.Message, StringComparison.Ordinal);
    }

    private static IEnumerable<string> Keys(int count) => Enumerable.Range(0, count).Select(i => "room/" + i);

    private static MembershipSnapshot Snapshot(IEnumerable<SiloAddress> active) => new(1, [.. active.Select(s => Entry(s, SiloStatus.Active))]);

    private static MembershipEntry Entry(SiloAddress silo, SiloStatus status) => new(silo, "s", status, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

    private sealed class FixedView(MembershipSnapshot snapshot) : IClusterMembershipView
    {
        public MembershipSnapshot Current => snapshot;

        public Task<MembershipSnapshot> WaitForChangeAsync(long afterVersion, CancellationToken cancellationToken) =>
            Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith(_ => snapshot, TaskScheduler.Default);

        public Task RefreshAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public void ReportUnreachable(SiloAddress silo)
        {
        }
    }
}

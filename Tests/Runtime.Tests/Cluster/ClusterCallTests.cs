using Microsoft.Extensions.DependencyInjection;
using OrleansChat.Runtime.Placement;
using OrleansChat.Runtime.Tests.Grains;
using OrleansChat.Runtime.Tests.Infrastructure;
using OrleansChat.Runtime.Tests.Messages;

namespace OrleansChat.Runtime.Tests.Cluster;

/// <summary>Grain calls across the silos of a running cluster and from a cluster client.</summary>
[Collection(ThreeSiloClusterCollection.Name)]
public sealed class ClusterCallTests(ThreeSiloClusterFixture fixture)
{
    [Fact]
    public async Task Grains_spread_over_the_three_silos_as_hash_placement_says()
    {
        var silos = fixture.Cluster.Silos;
        var caller = silos[0].GrainFactory;
        var hosts = new HashSet<string>();
        for (var i = 0; i < 30; i++)
        {
            var key = "spread-" + i;
            var where = await caller.GetGrain<IPlacedGrain>(key).WhereAmI();
            Assert.Equal(ClusterTestScope.OwnerOf(silos[1], key).ToString(), where);
            hosts.Add(where);
        }

        Assert.Equal(silos.Select(s => s.SiloAddress.ToString()).ToHashSet(), hosts);
    }

    [Fact]
    public async Task Call_from_one_silo_runs_on_the_silo_that_owns_the_grain()
    {
        var silos = fixture.Cluster.Silos;
        var key = fixture.Scope.KeyOwnedBy(silos[1], "a-to-b");

        var where = await silos[0].GrainFactory.GetGrain<IPlacedGrain>(key).WhereAmI();

        Assert.Equal(silos[1].SiloAddress.ToString(), where);
        Assert.Equal([silos[1].SiloAddress.ToString()], fixture.Probe.ActivationSilos(key));
    }

    [Fact]
    public async Task Cluster_client_calls_run_on_the_owning_silo()
    {
        var silos = fixture.Cluster.Silos;
        var key = fixture.Scope.KeyOwnedBy(silos[2], "client");

        var grain = fixture.Client.GrainFactory.GetGrain<IPlacedGrain>(key);

        Assert.Equal(silos[2].SiloAddress.ToString(), await grain.WhereAmI());
        Assert.Equal(1, await grain.Increment());
        Assert.Equal(new GrainId("placed", key), grain.GetGrainId());
    }

    [Fact]
    public async Task Hundred_unawaited_calls_from_one_caller_arrive_in_order_on_another_silo()
    {
        var silos = fixture.Cluster.Silos;
        var key = fixture.Scope.KeyOwnedBy(silos[1], "order");
        var fromSilo = silos[0].GrainFactory.GetGrain<IPlacedGrain>(key);
        var fromClient = fixture.Client.GrainFactory.GetGrain<IPlacedGrain>(key + "-client");

        var calls = Enumerable.Range(0, 100).Select(fromSilo.Record).ToList();
        var clientCalls = Enumerable.Range(0, 100).Select(fromClient.Record).ToList();
        await Task.WhenAll(calls.Concat(clientCalls)).WaitSignal();

        Assert.Equal(Enumerable.Range(0, 100), await fromSilo.Recorded());
        Assert.Equal(Enumerable.Range(0, 100), await fromClient.Recorded());
    }

    [Fact]
    public async Task Protobuf_messages_lists_arrays_and_nulls_round_trip_between_silos()
    {
        var silos = fixture.Cluster.Silos;
        var grain = silos[0].GrainFactory.GetGrain<IPlacedGrain>(fixture.Scope.KeyOwnedBy(silos[2], "values"));

        var reply = await grain.Echo(new EchoRequest { Text = "hi", Number = 21, Tags = { "a", "b" } }, CancellationToken.None);
        Assert.Equal("hi|a,b", reply.Text);
        Assert.Equal(42, reply.Number);
        Assert.Equal(["c", "b", "a"], await grain.Reverse(["a", "b", "c"]));
        var lengths = await grain.Lengths(["a", string.Empty, "abc"]);
        Assert.Equal([1, 0, 3], lengths);
        Assert.Equal("same", await grain.Same("same"));
        Assert.Null(await grain.Same(null));
    }

    [Fact]
    public async Task Simple_values_keep_their_exact_value_between_silos()
    {
        var silos = fixture.Cluster.Silos;
        var remote = silos[0].GrainFactory.GetGrain<IPlacedGrain>(fixture.Scope.KeyOwnedBy(silos[1], "simple"));
        var local = silos[1].GrainFactory.GetGrain<IPlacedGrain>(fixture.Scope.KeyOwnedBy(silos[1], "simple"));
        var guid = Guid.NewGuid();
        var when = new DateTime(2024, 2, 29, 13, 14, 15, DateTimeKind.Utc).AddTicks(1234);
        var offset = new DateTimeOffset(2024, 2, 29, 13, 14, 15, TimeSpan.FromHours(5.5));

        Task<string> Describe(IPlacedGrain grain) => grain.Describe(
            true, -7, long.MinValue, uint.MaxValue, ulong.MaxValue, 0.1, 1.5f, guid, when, offset, TimeSpan.FromTicks(123456789),
            DayOfWeek.Friday, [0x01, 0xFE], 5, null);

        // The same call on the grain's own silo (no wire) must describe the same values.
        Assert.Equal(await Describe(local), await Describe(remote));
    }

    [Fact]
    public async Task Grain_references_cross_silos_as_arguments_and_results()
    {
        var silos = fixture.Cluster.Silos;
        var first = silos[0].GrainFactory.GetGrain<IPlacedGrain>(fixture.Scope.KeyOwnedBy(silos[1], "ref-a"));
        var otherKey = fixture.Scope.KeyOwnedBy(silos[2], "ref-b");

        var friend = await first.Friend(otherKey);
        Assert.Equal(new GrainId("placed", otherKey), friend.GetGrainId());
        Assert.Equal(silos[2].SiloAddress.ToString(), await friend.WhereAmI());
        Assert.Equal(silos[2].SiloAddress.ToString(), await first.AskWhere(friend));
        var clientRef = fixture.Client.GrainFactory.GetGrain<IPlacedGrain>(otherKey);
        Assert.Equal([otherKey + "@" + silos[2].SiloAddress], await first.AskAll([clientRef]));
    }

    [Theory]
    [InlineData("invalid", typeof(InvalidOperationException))]
    [InlineData("argument", typeof(ArgumentException))]
    [InlineData("null", typeof(ArgumentNullException))]
    [InlineData("missing", typeof(KeyNotFoundException))]
    [InlineData("inconsistent", typeof(InconsistentStateException))]
    [InlineData("other", typeof(NotSupportedException))]
    [InlineData("app", typeof(TestGrainException))]
    public async Task Exceptions_from_another_silo_keep_their_type_and_message(string kind, Type expected)
    {
        var silos = fixture.Cluster.Silos;
        var key = fixture.Scope.KeyOwnedBy(silos[1], "throw");
        var local = await Capture(() => silos[1].GrainFactory.GetGrain<IPlacedGrain>(key).Throw(kind, "the " + kind + " failure"));
        var remote = await Capture(() => silos[0].GrainFactory.GetGrain<IPlacedGrain>(key).Throw(kind, "the " + kind + " failure"));
        var client = await Capture(() => fixture.Client.GrainFactory.GetGrain<IPlacedGrain>(key).Throw(kind, "the " + kind + " failure"));

        foreach (var exception in new[] { local, remote, client })
        {
            Assert.IsType(expected, exception);
            Assert.Equal(local.Message, exception.Message);
        }

        Assert.Contains("the " + kind + " failure", remote.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exception_without_a_message_constructor_arrives_as_GrainCallException_with_its_type_name()
    {
        var silos = fixture.Cluster.Silos;
        var grain = silos[0].GrainFactory.GetGrain<IPlacedGrain>(fixture.Scope.KeyOwnedBy(silos[2], "opaque"));

        var exception = await Assert.ThrowsAsync<GrainCallException>(() => grain.Throw("opaque", "12345"));

        Assert.Equal(typeof(OpaqueException).FullName, exception.OriginalTypeName);
        Assert.Equal("opaque failure 5", exception.Message);
    }

    [Fact]
    public async Task Observer_reference_passed_to_a_grain_on_another_silo_fails_naming_the_parameter()
    {
        var silos = fixture.Cluster.Silos;
        var key = fixture.Scope.KeyOwnedBy(silos[1], "observer");
        var observer = new RecordingObserver();
        var factory = silos[0].GrainFactory;
        var reference = factory.CreateObjectReference<ITestObserver>(observer);
        try
        {
            var exception = await Assert.ThrowsAsync<ArgumentException>(() => factory.GetGrain<IPlacedGrain>(key).Subscribe(reference));
            Assert.Equal("observer", exception.ParamName);
            Assert.Contains("observer references cannot cross silos", exception.Message, StringComparison.Ordinal);

            // On the grain's own silo the same call works.
            var localFactory = silos[1].GrainFactory;
            var localReference = localFactory.CreateObjectReference<ITestObserver>(observer);
            await localFactory.GetGrain<IPlacedGrain>(key).Subscribe(localReference);
            await observer.Received.WaitSignal();
            localFactory.DeleteObjectReference(localReference);
        }
        finally
        {
            factory.DeleteObjectReference(reference);
        }
    }

    [Fact]
    public async Task Concurrent_calls_from_every_silo_and_a_client_reach_one_activation()
    {
        const string key = "single-activation";
        var factories = fixture.Cluster.Silos.Select(s => s.GrainFactory).Append(fixture.Client.GrainFactory).ToList();

        var calls = factories.SelectMany(f => Enumerable.Range(0, 25).Select(_ => f.GetGrain<IPlacedGrain>(key).Increment())).ToList();
        await Task.WhenAll(calls).WaitSignal();

        Assert.Equal(1, fixture.Probe.Activations(key));
        Assert.Equal(factories.Count * 25, await factories[0].GetGrain<IPlacedGrain>(key).Get());
        Assert.Equal(Enumerable.Range(1, factories.Count * 25).Select(i => (long)i), calls.Select(c => c.Result).Order());
    }

    [Fact]
    public void Every_silo_and_the_client_place_a_grain_on_the_same_silo()
    {
        var client = fixture.Client.Services.GetRequiredService<HashPlacementDirector>();
        foreach (var key in Enumerable.Range(0, 50).Select(i => "agree-" + i))
        {
            var owners = fixture.Cluster.Silos.Select(s => ClusterTestScope.OwnerOf(s, key)).Append(client.Place(new GrainId("placed", key), client.View.Current)).Distinct();
            Assert.Single(owners);
        }
    }

    private static async Task<Exception> Capture(Func<Task> call)
    {
        var exception = await Xunit.Record.ExceptionAsync(call);
        Assert.NotNull(exception);
        return exception;
    }
}

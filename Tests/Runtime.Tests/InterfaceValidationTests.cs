using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansChat.Runtime.Configuration;
using OrleansChat.Runtime.Hosting;
using OrleansChat.Runtime.Testing;
using OrleansChat.Runtime.Tests.Grains;
using OrleansChat.Runtime.Tests.Grains.Bad;
using OrleansChat.Runtime.Tests.Infrastructure;

namespace OrleansChat.Runtime.Tests;

public sealed class InterfaceValidationTests
{
    [Fact]
    public async Task Bad_grain_interface_is_rejected_at_start_up_with_a_message_naming_each_method_and_type()
    {
        var error = await Assert.ThrowsAsync<InvalidGrainInterfaceException>(() => TestCluster.StartAsync(new TestClusterOptions
        {
            ConfigureServices = services => services.AddGrains(typeof(EchoGrain), typeof(BadGrain)),
        }));

        Assert.Contains(
            "IBadGrain.Foo(Stream s): parameter 's' of type System.IO.Stream cannot cross silos; use a protobuf message or a simple value",
            error.Message,
            StringComparison.Ordinal);
        Assert.Contains("IBadGrain.Count(): return type System.Int32 is not allowed", error.Message, StringComparison.Ordinal);
        Assert.Contains(
            "IBadGrain.Table(): result type System.Collections.Generic.Dictionary<System.String, System.Int32> cannot cross silos",
            error.Message,
            StringComparison.Ordinal);
        Assert.Equal(3, error.Problems.Count);
    }

    [Fact]
    public async Task GetGrain_and_CreateObjectReference_reject_bad_interfaces_naming_the_method()
    {
        await using var scope = await ClusterScope.StartAsync(services => services.AddGrains(typeof(EchoGrain)));

        var grainError = Assert.Throws<InvalidGrainInterfaceException>(() => scope.GrainFactory.GetGrain<IBadGrain>("x"));
        Assert.Contains("IBadGrain.Foo(Stream s)", grainError.Message, StringComparison.Ordinal);

        var observerError = Assert.Throws<InvalidGrainInterfaceException>(() => scope.GrainFactory.CreateObjectReference<IBadObserver>(new BadObserver()));
        Assert.Contains("IBadObserver.Notify(Object payload): parameter 'payload' of type System.Object cannot cross silos", observerError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_option_fails_start_up_with_a_message_naming_the_option()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestCluster.StartAsync(new TestClusterOptions
        {
            ConfigureServices = services => services
                .AddGrains(typeof(EchoGrain))
                .Configure<GrainCollectionOptions>(o => o.CollectionAge = TimeSpan.Zero),
        }));

        Assert.Contains("GrainCollectionOptions.CollectionAge must be positive", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Grain_state_without_its_storage_provider_fails_start_up_naming_the_storage()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TestCluster.StartAsync(new TestClusterOptions
        {
            ConfigureServices = services => services.AddGrains(typeof(CounterGrain)),
        }));

        Assert.Contains("CounterGrain parameter 'counter'", error.Message, StringComparison.Ordinal);
        Assert.Contains("needs a grain storage named 'Default'", error.Message, StringComparison.Ordinal);
    }

    private sealed class BadObserver : IBadObserver
    {
        public Task Notify(object payload) => Task.CompletedTask;
    }
}

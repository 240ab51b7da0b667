using OrleansChat.Runtime.Messaging;
using OrleansChat.Runtime.Tests.Grains;
using OrleansChat.Runtime.Tests.Infrastructure;
using OrleansChat.Runtime.Tests.Messages;

namespace OrleansChat.Runtime.Tests;

[Collection(SharedClusterCollection.Name)]
public sealed class GrainCallTests(SharedClusterFixture fixture)
{
    [Fact]
    public async Task Calls_with_protobuf_messages_simple_values_lists_and_value_tasks_return_their_results()
    {
        var grain = fixture.GrainFactory.GetGrain<IEchoGrain>("calls");

        var reply = await grain.Echo(new EchoRequest { Text = "hello", Number = 42 });
        Assert.Equal("hello", reply.Text);
        Assert.Equal(42, reply.Number);
        Assert.Equal("text", await grain.EchoText("text"));
        Assert.Equal(5, await grain.Add(2, 3));
        await grain.Ping();
        Assert.Equal(["a", "b", "c"], await grain.Split("a b c", CancellationToken.None));
    }

    [Fact]
    public async Task Grain_exception_reaches_the_caller_with_its_type_and_message()
    {
        var grain = fixture.GrainFactory.GetGrain<IEchoGrain>("exceptions");

        var invalid = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.Throw("the room is closed"));
        Assert.Equal("the room is closed", invalid.Message);
        var custom = await Assert.ThrowsAsync<TestGrainException>(() => grain.ThrowCustom("E42"));
        Assert.Equal("custom failure E42", custom.Message);
        Assert.Equal("calls still work", await grain.EchoText("calls still work"));
    }

    [Fact]
    public void Exception_carried_as_type_name_and_message_is_rebuilt_with_its_type_or_as_GrainCallException()
    {
        var known = GrainExceptionInfo.Capture(new TestGrainException("boom")).ToException();
        Assert.IsType<TestGrainException>(known);
        Assert.Equal("boom", known.Message);

        var unknown = new GrainExceptionInfo("Some.Missing.FancyException, Missing.Assembly", "lost type").ToException();
        var carrier = Assert.IsType<GrainCallException>(unknown);
        Assert.Equal("Some.Missing.FancyException", carrier.OriginalTypeName);
        Assert.Equal("lost type", carrier.Message);
    }

    [Fact]
    public async Task Arguments_and_results_are_copied_so_caller_and_grain_never_share_a_message()
    {
        var grain = fixture.GrainFactory.GetGrain<IEchoGrain>("copies");
        var request = new EchoRequest { Text = "original", Tags = { "a" } };

        await grain.Keep(request);
        request.Text = "changed by caller after the call";
        request.Tags.Add("b");
        var kept = await grain.Kept();
        kept.Text = "changed by caller in the result";

        var again = await grain.Kept();
        Assert.Equal("original", again.Text);
        Assert.Equal(["a"], again.Tags);
    }

    [Fact]
    public async Task References_to_the_same_grain_are_equal_and_carry_the_grain_id()
    {
        var first = fixture.GrainFactory.GetGrain<IEchoGrain>("identity");
        var second = fixture.GrainFactory.GetGrain<IEchoGrain>("identity");
        var other = fixture.GrainFactory.GetGrain<IEchoGrain>("someone-else");

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
        Assert.Equal(new GrainId("echo", "identity"), first.GetGrainId());
        Assert.Equal("identity", first.GetPrimaryKeyString());
        Assert.Equal("echo/identity", await first.Identity());
    }

    [Fact]
    public void GetGrain_of_an_interface_without_a_registered_class_names_the_interface()
    {
        var error = Assert.Throws<ArgumentException>(() => fixture.GrainFactory.GetGrain<ICounterGrain>("nobody"));
        Assert.Contains("ICounterGrain", error.Message, StringComparison.Ordinal);
        Assert.Contains("AddGrains", error.Message, StringComparison.Ordinal);
    }
}

using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using OrleansChat.Grains;
using OrleansChat.Grains.Serialization;

namespace OrleansChat.Chat.Tests.Grains;

/// <summary>The chat's protobuf messages as Orleans values (<see cref="ProtobufMessageCodec"/>), through Orleans' own serializer.</summary>
public sealed class ProtobufMessageCodecTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddSerializer(s => s.AddProtobufMessages()).BuildServiceProvider();

    [Fact]
    public void Messages_round_trip_alone_inside_collections_and_typed_as_object()
    {
        var serializer = _services.GetRequiredService<Serializer>();
        var item = NewItem();
        var list = new List<RoomStreamItem> { item, item, NewItem("second") };

        var back = serializer.Deserialize<RoomStreamItem>(serializer.SerializeToArray(item));
        var backList = serializer.Deserialize<List<RoomStreamItem>>(serializer.SerializeToArray(list));
        var backObject = serializer.Deserialize<object>(serializer.SerializeToArray<object>(item));

        Assert.Equal(item, back);
        Assert.NotSame(item, back);
        Assert.Equal(list, backList);
        Assert.Same(backList![0], backList[1]);
        Assert.Equal(item, Assert.IsType<RoomStreamItem>(backObject));
    }

    [Fact]
    public void Copies_are_deep()
    {
        var copier = _services.GetRequiredService<DeepCopier>();
        var item = NewItem();

        var copy = copier.Copy(item);
        copy.Event.Text = "changed";

        Assert.Equal("hello", item.Event.Text);
        Assert.NotSame(item.Event, copy.Event);
    }

    public void Dispose() => _services.Dispose();

    private static RoomStreamItem NewItem(string text = "hello") => new()
    {
        RoomId = "general",
        OriginSessionId = "s1",
        Event = new RoomEvent { RoomId = "general", Seq = 7, SenderId = "alice", Text = text, Kind = RoomEventKind.Text, ServerTimeUnixMs = 1_790_000_000_000 },
    };
}

using Google.Protobuf;
using OrleansChat.Runtime.Cluster;
using OrleansChat.Runtime.Messaging;
using OrleansChat.Runtime.Tests.Messages;

namespace OrleansChat.Runtime.Tests.Cluster;

public sealed class WireFormatTests
{
    [Fact]
    public void Values_of_every_allowed_kind_decode_to_what_was_encoded()
    {
        var references = new GrainReferenceFactory(() => throw new InvalidOperationException("no grain references here"));
        object?[] values =
        [
            "text", true, -5, long.MaxValue, 7u, ulong.MaxValue, 2.5, 0.25f, Guid.NewGuid(), new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Local),
            new DateTimeOffset(2020, 1, 2, 3, 4, 5, TimeSpan.FromHours(-3)), TimeSpan.FromMilliseconds(1500), DayOfWeek.Sunday, ConsoleColor.Red,
            new byte[] { 1, 2, 3 }, ByteString.CopyFromUtf8("bytes"), new EchoRequest { Text = "m", Tags = { "x" } },
        ];

        foreach (var value in values)
        {
            var codec = ValueCodec.For(value!.GetType());
            var wire = codec.Encode(value);
            var decoded = codec.Decode(OrleansChat.Runtime.Cluster.Protocol.Value.Parser.ParseFrom(wire.ToByteArray()), references);
            Assert.Equal(value, decoded);
        }
    }

    [Fact]
    public void Lists_arrays_repeated_fields_nullables_and_nulls_keep_their_shape()
    {
        var references = new GrainReferenceFactory(() => throw new InvalidOperationException("no grain references here"));

        Assert.Equal(new List<string> { "a", "b" }, RoundTrip<IReadOnlyList<string>>(["a", "b"], references));
        Assert.Equal(new[] { 1, 2 }, RoundTrip<int[]>([1, 2], references));
        Assert.Equal(new Google.Protobuf.Collections.RepeatedField<long> { 3, 4 }, RoundTrip(new Google.Protobuf.Collections.RepeatedField<long> { 3, 4 }, references));
        Assert.Equal([new EchoReply { Text = "r" }], RoundTrip<List<EchoReply>>([new EchoReply { Text = "r" }], references)!);
        Assert.Equal(5, RoundTrip<int?>(5, references));
        Assert.Null(RoundTrip<int?>(null, references));
        Assert.Null(RoundTrip<string>(null, references));
        Assert.Equal(new string?[] { "a", null }, RoundTrip<string?[]>(["a", null], references));
    }

    [Fact]
    public void Exceptions_rebuild_with_their_type_and_exact_message()
    {
        var thrown = new Exception[]
        {
            new ArgumentNullException("name", "name is required"),
            new ArgumentOutOfRangeException("count", 5, "count is too big"),
            new ArgumentException("bad value", "value"),
            new InvalidOperationException("not now"),
            new TimeoutException("too slow"),
            new OperationCanceledException("stopped"),
            new InconsistentStateException(new GrainId("room", "a"), "state", "1", "2"),
            new SiloUnavailableException("gone"),
            new GrainOverloadedException("full"),
        };

        foreach (var exception in thrown)
        {
            var info = GrainExceptionInfo.Capture(exception);
            Assert.True(info.IsWellKnown, exception.GetType().Name);
            var rebuilt = info.ToException();
            Assert.IsType(exception.GetType(), rebuilt);
            Assert.Equal(exception.Message, rebuilt.Message);
        }

        var carried = GrainExceptionInfo.Capture(new GrainCallException("Far.Away.Exception", "from two silos away")).ToException();
        Assert.Equal("Far.Away.Exception", Assert.IsType<GrainCallException>(carried).OriginalTypeName);
        Assert.Equal("from two silos away", carried.Message);
    }

    private static T? RoundTrip<T>(T? value, GrainReferenceFactory references)
    {
        var codec = ValueCodec.For(typeof(T));
        return (T?)codec.Decode(OrleansChat.Runtime.Cluster.Protocol.Value.Parser.ParseFrom(codec.Encode(value).ToByteArray()), references);
    }
}

using Google.Protobuf;

namespace OrleansChat.Runtime.Streams;

/// <summary>The protobuf full name of an item type (e.g. <c>chat.v1.RoomEvent</c>), which names it on the wire.</summary>
internal static class StreamItemType<T>
    where T : class, IMessage<T>, new()
{
    public static readonly string Name = new T().Descriptor.FullName;
}

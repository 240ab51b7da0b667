using OrleansChat.Runtime.Streams;

namespace OrleansChat.Grains;

/// <summary>Names shared by the grains, the gateway and the host: stream provider, stream namespace, storage.</summary>
public static class ChatStreams
{
    /// <summary>The stream provider carrying room streams.</summary>
    public const string ProviderName = "Default";

    /// <summary>The namespace of room streams: <c>rooms/{room id}</c>.</summary>
    public const string RoomNamespace = "rooms";

    /// <summary>
    /// The grain type of rooms (<c>[GrainType]</c> of RoomGrain). In a cluster a room's stream is co-located with it:
    /// both live on the silo that owns <c>room/{id}</c>.
    /// </summary>
    public const string RoomGrainType = "room";

    /// <summary>The storage provider holding room and user state.</summary>
    public const string StorageName = "Default";

    /// <summary>The stream of a room's events (<see cref="RoomStreamItem"/>).</summary>
    public static StreamId ForRoom(string roomId) => StreamId.Create(RoomNamespace, roomId);
}

using OrleansChat.Gateway.Services;
using OrleansChat.Gateway.Sessions;
using OrleansChat.Grains;

namespace OrleansChat.Gateway.Rooms;

/// <summary>
/// One item of a room stream as this gateway fans it out: the item and its frames, each serialized at most once
/// for all local sessions. Only touched under its <see cref="RoomFeed"/>'s lock.
/// </summary>
internal sealed class FeedItem(RoomStreamItem item)
{
    private OutgoingFrame? _chatFrame;
    private OutgoingFrame? _compatFrame;
    private bool _compatMapped;

    public RoomStreamItem Item { get; } = item;

    /// <summary>The event's seq; 0 for ephemeral items (presence, typing).</summary>
    public long Seq => Item.KindCase == RoomStreamItem.KindOneofCase.Event ? Item.Event.Seq : 0;

    /// <summary>The chat.v1 <c>ServerFrame</c>.</summary>
    public OutgoingFrame ChatFrame => _chatFrame ??= OutgoingFrame.From(ProtoMapping.ToServerFrame(Item));

    /// <summary>The seed-compatible <c>ChatMessage</c>; null for items that format has no message for.</summary>
    public OutgoingFrame? CompatFrame
    {
        get
        {
            if (!_compatMapped)
            {
                _compatMapped = true;
                _compatFrame = Item.KindCase == RoomStreamItem.KindOneofCase.Event
                    ? OutgoingFrame.From(ProtoMapping.ToCompatMessage(Item.Event))
                    : null;
            }

            return _compatFrame;
        }
    }
}

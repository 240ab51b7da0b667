using Google.Protobuf;
using Grpc.Core;

namespace OrleansChat.Gateway.Sessions;

/// <summary>
/// A response message already serialized. A room event goes to many sessions of this gateway: it is serialized
/// once (per wire format) and the same bytes are written to every stream. The response marshaller of the chat
/// methods just hands these bytes to grpc-dotnet.
/// </summary>
internal sealed class OutgoingFrame
{
    public static readonly Marshaller<OutgoingFrame> Marshaller = Marshallers.Create<OutgoingFrame>(
        (frame, context) => context.Complete(frame.Payload),
        _ => throw new NotSupportedException("OutgoingFrame is only sent by the server, never received."));

    private OutgoingFrame(byte[] payload)
    {
        Payload = payload;
    }

    /// <summary>The serialized message; shared, never modified.</summary>
    public byte[] Payload { get; }

    public static OutgoingFrame From(IMessage message) => new(message.ToByteArray());
}

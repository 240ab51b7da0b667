using OrleansChat.Protocol.V1;

namespace OrleansChat.Cli.Session;

/// <summary>How a send ended: acknowledged (stored), refused by the server, or abandoned when the session stopped.</summary>
internal sealed record SendOutcome(Ack? Ack, Error? Error)
{
    public static readonly SendOutcome Abandoned = new(null, null);

    public bool IsAcknowledged => Ack is not null;
}

namespace OrleansChat.Chat.Tests.EndToEnd;

/// <summary>A server started with <c>--history 10</c>, so a client can fall out of the window cheaply.</summary>
public sealed class ShortHistoryServerFixture : ServerFixture
{
    public const int HistoryDepth = 10;

    internal override ServerOptions Options => new(History: HistoryDepth);
}

namespace OrleansChat.Chat.Tests.EndToEnd;

/// <summary>A server in open mode (any valid user id), default history depth 50.</summary>
public sealed class OpenServerFixture : ServerFixture
{
    internal override ServerOptions Options => new();
}

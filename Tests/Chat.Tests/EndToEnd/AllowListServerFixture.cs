namespace OrleansChat.Chat.Tests.EndToEnd;

/// <summary>A server started with <c>--allow-users alice,bob,chad</c>.</summary>
public sealed class AllowListServerFixture : ServerFixture
{
    public const string AllowedUsers = "alice,bob,chad";

    internal override ServerOptions Options => new(AllowUsers: AllowedUsers);
}

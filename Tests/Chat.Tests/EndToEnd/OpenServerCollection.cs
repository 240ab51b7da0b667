namespace OrleansChat.Chat.Tests.EndToEnd;

/// <summary>The tests that share one open-mode server (they run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class OpenServerCollection : ICollectionFixture<OpenServerFixture>
{
    public const string Name = "OrleansChat server process, open mode";
}

namespace OrleansChat.Runtime.Tests.Infrastructure;

[CollectionDefinition(Name)]
public sealed class SharedClusterCollection : ICollectionFixture<SharedClusterFixture>
{
    public const string Name = "Shared cluster";
}

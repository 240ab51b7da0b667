namespace OrleansChat.Runtime.Tests.Postgres;

/// <summary>The tests that share one private PostgreSQL server; each test uses its own tables or cluster ids.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServerFixture>
{
    public const string Name = "PostgreSQL server";
}

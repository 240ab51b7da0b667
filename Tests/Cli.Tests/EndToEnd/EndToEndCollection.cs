namespace OrleansChat.Cli.Tests.EndToEnd;

/// <summary>Tests with real server and CLI processes run one at a time (each with its own server): on a small
/// machine several cold `dotnet` starts at once only make every one of them slow.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EndToEndCollection
{
    public const string Name = "end-to-end";
}

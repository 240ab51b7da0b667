namespace OrleansChat.Cli.Tests.Unit;

public sealed class CliCommandLineTests
{
    [Fact]
    public void PositionalArguments_HaveTheSeedsDefaults()
    {
        var options = Parse("alice");

        Assert.Equal(("alice", "general", "localhost:50051"), (options.User, options.Room, options.Server));
    }

    [Fact]
    public void PositionalRoomAndServer_AreUsed()
    {
        var options = Parse("alice", "#dev", "127.0.0.1:6000");

        Assert.Equal(("dev", "127.0.0.1:6000"), (options.Room, options.Server));
    }

    [Fact]
    public void Flags_BeatPositionalArguments()
    {
        var options = Parse("alice", "dev", "127.0.0.1:6000", "--room", "ops", "--server", "10.0.0.1:1", "--json", "--message", "hi", "--avatar", "🐱", "--display-name", "Alice", "--token", "t", "--tls", "--timeout", "3");

        Assert.Equal(("ops", "10.0.0.1:1", "hi"), (options.Room, options.Server, options.Message));
        Assert.Equal(("🐱", "Alice", "t"), (options.Avatar, options.DisplayName, options.Token));
        Assert.True(options.Json);
        Assert.True(options.Tls);
        Assert.Equal(TimeSpan.FromSeconds(3), options.AckTimeout);
    }

    [Theory]
    [InlineData("invalid user id 'bad user': use 1-128 letters, digits, '-', '_', '.', '@' or '+'", "bad user")]
    [InlineData("invalid room name 'a/b': use 1-64 letters, digits, '-', '_' or '.'", "alice", "a/b")]
    [InlineData("invalid server address 'host:x': the port must be a number from 1 to 65535", "alice", "general", "host:x")]
    public void BadArguments_AreRejectedWithAReason(string error, params string[] args)
    {
        var result = new CliCommandLine((_, _) => Task.FromResult(0)).Root.Parse(args);

        Assert.Contains(error, result.Errors.Select(e => e.Message));
    }

    private static CliOptions Parse(params string[] args)
    {
        var commandLine = new CliCommandLine((_, _) => Task.FromResult(0));
        var result = commandLine.Root.Parse(args);
        Assert.Empty(result.Errors);
        return commandLine.ToOptions(result);
    }
}

namespace OrleansChat.Cli.Tests.EndToEnd;

/// <summary>The CLI in real terminals (tmux), typed at as a person would, against a real server process.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class TerminalSessionTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new("orleanschat-cli-e2e-");
    private readonly TmuxServer _tmux = new();
    private SiloProcess? _silo;

    private SiloProcess Silo => _silo ?? throw new InvalidOperationException("the server did not start");

    public async Task InitializeAsync() => _silo = await SiloProcess.StartAsync(_data.Path);

    public async Task DisposeAsync()
    {
        _tmux.Dispose();
        if (_silo is not null)
        {
            await _silo.StopAsync();
            await _silo.DisposeAsync();
        }

        _data.Dispose();
    }

    [Fact]
    public async Task TwoUsersInOneRoom_ChatAndUseTheCommands()
    {
        await StartCliAsync("alice");
        await StartCliAsync("bob");

        _tmux.TypeLine("alice", "hello bob");
        await _tmux.WaitForTextAsync("bob", "alice: hello bob");
        await _tmux.WaitForTextAsync("alice", "alice: hello bob");
        _tmux.TypeLine("bob", "hi alice");
        await _tmux.WaitForTextAsync("alice", "bob: hi alice");
        _tmux.TypeLine("alice", "how are you?");
        await _tmux.WaitForTextAsync("bob", "alice: how are you?");

        _tmux.TypeLine("alice", "/history 3");
        var history = await _tmux.WaitForScreenAsync("alice", s => HasBlock(s, "--- history of #general (last 3) ---", "--- end of history ---"), "/history 3");
        var block = Block(history, "--- history of #general (last 3) ---", "--- end of history ---");
        Assert.Equal(3, block.Count);
        Assert.EndsWith("alice: how are you?", block[^1], StringComparison.Ordinal);

        _tmux.TypeLine("alice", "/batch");
        await _tmux.WaitForTextAsync("alice", "type lines, end with a lone '.'");
        _tmux.TypeLine("alice", "first of three");
        _tmux.TypeLine("alice", "second of three");
        _tmux.TypeLine("alice", "third of three");
        _tmux.TypeLine("alice", ".");
        var batch = await _tmux.WaitForTextAsync("alice", "*** batch: 3 messages sent to #general (seq ");
        Assert.Matches(@"\(seq (\d+)-(\d+)\)", batch.Single(l => l.Contains("*** batch:", StringComparison.Ordinal)));
        await _tmux.WaitForTextAsync("bob", "alice: third of three");

        _tmux.TypeLine("bob", "/who");
        var who = await _tmux.WaitForTextAsync("bob", "members in #general");
        await _tmux.WaitForScreenAsync("bob", s => s.Any(l => l.Trim() == "alice  online") && s.Any(l => l.Trim() == "bob  online"), "alice and bob online in /who");

        _tmux.TypeLine("bob", "/frobnicate");
        await _tmux.WaitForTextAsync("bob", "!!! unknown command /frobnicate — /help lists the commands");

        _tmux.TypeLine("alice", "/quit");
        await _tmux.WaitForTextAsync("alice", "[exited 0]");
        Assert.DoesNotContain(who, l => l.Contains("Exception", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MessageArrivesWhileTyping_TheHalfLineStaysOnThePrompt()
    {
        await StartCliAsync("alice");
        await StartCliAsync("bob");

        _tmux.Type("alice", "half a li");
        await _tmux.WaitForScreenAsync("alice", s => TmuxServer.LastLine(s) == "#general> half a li", "the half line on the prompt");

        await using (var carol = CliProcess.Start("carol", "general", Silo.Address, "--message", "carol was here"))
        {
            Assert.Equal(0, await carol.WaitForExitAsync(TestTimeoutsE2E.Exit));
        }

        var screen = await _tmux.WaitForTextAsync("alice", "carol: carol was here");
        Assert.Equal("#general> half a li", TmuxServer.LastLine(screen));
        var messageRow = screen.ToList().FindLastIndex(l => l.Contains("carol: carol was here", StringComparison.Ordinal));
        var promptRow = screen.ToList().FindLastIndex(l => l.Length > 0);
        Assert.True(messageRow < promptRow, "the message is printed above the prompt");
        Assert.Equal("#general> half a li".Length, _tmux.CursorColumn("alice"));

        _tmux.Type("alice", "ne");
        _tmux.Press("alice", "Enter");
        await _tmux.WaitForTextAsync("bob", "alice: half a line");
        await _tmux.WaitForScreenAsync("alice", s => TmuxServer.LastLine(s) == "#general>", "an empty prompt after Enter");
    }

    private async Task StartCliAsync(string user)
    {
        _tmux.Start(user, Binaries.Dotnet, Binaries.Cli, user, "general", Silo.Address);
        await _tmux.WaitForTextAsync(user, "*** joined #general");
        await _tmux.WaitForScreenAsync(user, s => TmuxServer.LastLine(s) == "#general>", $"{user}'s prompt");
    }

    private static bool HasBlock(IReadOnlyList<string> screen, string header, string footer)
    {
        var start = screen.ToList().FindLastIndex(l => l == header);
        return start >= 0 && screen.Skip(start).Any(l => l == footer);
    }

    private static List<string> Block(IReadOnlyList<string> screen, string header, string footer)
    {
        var start = screen.ToList().FindLastIndex(l => l == header);
        return screen.Skip(start + 1).TakeWhile(l => l != footer).ToList();
    }
}

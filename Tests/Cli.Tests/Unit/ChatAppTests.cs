using System.Text.Json;
using OrleansChat.Cli.App;
using OrleansChat.Cli.Connection;
using OrleansChat.Cli.Tests.Fakes;

namespace OrleansChat.Cli.Tests.Unit;

/// <summary>The whole CLI against an in-memory server: piped stdin, --message, --json, and the terminal mode with typed keys.</summary>
public sealed class ChatAppTests
{
    private readonly InMemoryChatServer _server = new();
    private readonly CapturingWriter _stdout = new();
    private readonly CapturingWriter _stderr = new();

    [Fact]
    public async Task Piped_LinesAreSentInOrder_AndExitZeroOnceAllAcknowledged()
    {
        var lines = Enumerable.Range(1, 25).Select(i => $"line {i}").ToArray();

        var exitCode = await RunPipedAsync(new StringReader(string.Join('\n', lines) + "\n"), Options(json: true));

        Assert.Equal(0, exitCode);
        Assert.Equal(lines, _server.Events("general").Select(e => e.Text));
        var acks = JsonLines().Where(j => j.GetProperty("type").GetString() == "ack").ToList();
        Assert.Equal(lines, acks.Select(a => a.GetProperty("text").GetString()));
        Assert.Equal(Enumerable.Range(1, 25).Select(i => (long)i), acks.Select(a => a.GetProperty("seq").GetInt64()));
        Assert.Equal(string.Empty, _stderr.Text);
    }

    [Fact]
    public async Task Piped_LinesStartingWithSlash_AreCommands()
    {
        var exitCode = await RunPipedAsync(new StringReader("/join dev\nhello dev\n//not a command\n/quit\nnever sent\n"), Options());

        Assert.Equal(0, exitCode);
        Assert.Equal(["hello dev", "/not a command"], _server.Events("dev").Select(e => e.Text));
        Assert.Empty(_server.Events("general"));
    }

    [Fact]
    public async Task Piped_UnknownCommand_PrintsOneLineOnStderr()
    {
        var exitCode = await RunPipedAsync(new StringReader("/frobnicate\n"), Options());

        Assert.Equal(0, exitCode);
        Assert.Equal(["!!! unknown command /frobnicate — /help lists the commands"], _stderr.Lines);
    }

    [Fact]
    public async Task Piped_AcksNeverCome_ExitsNonZeroWithOneClearStderrLine()
    {
        _server.DropAcks = true;

        var exitCode = await RunPipedAsync(new StringReader("hello\n"), Options() with { AckTimeout = TimeSpan.FromMilliseconds(300) });

        Assert.Equal(1, exitCode);
        Assert.Equal(["error: 1 message(s) not acknowledged by localhost:50051 within 0.3 s (connected)"], _stderr.Lines);
    }

    [Fact]
    public async Task Piped_ServerCrashesMidConversation_EveryLineStoredOnceInOrder()
    {
        var stdin = new ChannelTextReader();
        var run = RunPipedAsync(stdin, Options(json: true));
        stdin.Feed("one", "two", "three");
        await _stdout.WaitForAsync(t => t.Contains("\"text\":\"three\"", StringComparison.Ordinal), "the ack of 'three'");

        // "four" is stored but its ack is lost in the crash: the client must re-send it (the server dedupes),
        // and "five", typed meanwhile, must come after it.
        _server.DropAcks = true;
        stdin.Feed("four", "five");
        await _server.WaitUntilAsync(() => _server.Events("general").Count == 4);
        _server.Crash();
        _server.DropAcks = false;
        stdin.Feed("six");
        stdin.End();

        Assert.Equal(0, await run.WaitAsync(TestTimeouts.Process));
        Assert.Equal(["one", "two", "three", "four", "five", "six"], _server.Events("general").Select(e => e.Text));
        var acks = JsonLines().Where(j => j.GetProperty("type").GetString() == "ack").ToList();
        Assert.Equal(["one", "two", "three", "four", "five", "six"], acks.Select(a => a.GetProperty("text").GetString()));
        Assert.Equal([false, false, false, true, false, false], acks.Select(a => a.GetProperty("duplicate").GetBoolean()));
        Assert.True(_server.Connects >= 2);
    }

    [Fact]
    public async Task Json_IncomingMessage_IsOneObjectPerLineWithoutEscapeCodes()
    {
        var stdin = new ChannelTextReader();
        var run = RunPipedAsync(stdin, Options(json: true));
        await _stdout.WaitForAsync(t => t.Contains("\"type\":\"joined\"", StringComparison.Ordinal), "joined");

        _server.Say("general", "bob", "hi \u001b[31mthere");
        await _stdout.WaitForAsync(t => t.Contains("\"from\":\"bob\"", StringComparison.Ordinal), "bob's message");
        stdin.End();
        Assert.Equal(0, await run.WaitAsync(TestTimeouts.Process));

        Assert.DoesNotContain('\u001b', _stdout.Text);
        var message = JsonLines().Single(j => j.GetProperty("type").GetString() == "message");
        Assert.Equal("general", message.GetProperty("room").GetString());
        Assert.Equal(1, message.GetProperty("seq").GetInt64());
        Assert.Equal("hi \u001b[31mthere", message.GetProperty("text").GetString());
        Assert.EndsWith("Z", message.GetProperty("time").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Message_Acknowledged_ExitsZero()
    {
        var exitCode = await RunAsync(new StringReader(string.Empty), Options() with { Message = "hello once" });

        Assert.Equal(0, exitCode);
        Assert.Equal(["hello once"], _server.Events("general").Select(e => e.Text));
        Assert.Single(_stdout.Lines);
        Assert.EndsWith("alice: hello once", _stdout.Lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Message_ServerNotRunning_ExitsOneWithHowToStartIt()
    {
        _server.Down = true;

        var exitCode = await RunAsync(new StringReader(string.Empty), Options() with { Message = "hello" });

        Assert.Equal(1, exitCode);
        Assert.Equal(["error: cannot reach localhost:50051: connection refused — is the server running? (dotnet run --project Silo)"], _stderr.Lines);
        Assert.Equal(string.Empty, _stdout.Text);
    }

    [Fact]
    public async Task BadServerAddress_ExitsOneWithWhatIsWrong()
    {
        var exitCode = await RunAsync(new StringReader(string.Empty), Options() with { Server = "localhost:notaport" });

        Assert.Equal(1, exitCode);
        Assert.Equal(["error: invalid server address 'localhost:notaport': the port must be a number from 1 to 65535"], _stderr.Lines);
    }

    [Fact]
    public async Task Terminal_MessageArrivesWhileTyping_HalfLineStaysOnThePrompt()
    {
        var keys = new FakeKeySource();
        var console = new AppConsole(TextReader.Null, _stdout, _stderr, IsInputRedirected: false, IsOutputRedirected: false, () => 80, () => keys);
        var run = ChatApp.RunAsync(Options(), console, (_, _) => _server, QuickBackoff(), CancellationToken.None);
        await _stdout.WaitForAsync(t => t.EndsWith("#general> \r\u001b[10C", StringComparison.Ordinal), "the empty prompt");

        keys.Type("hel");
        await _stdout.WaitForAsync(t => t.EndsWith("#general> hel\r\u001b[13C", StringComparison.Ordinal), "the half line");
        _server.Say("general", "bob", "hi alice");
        var screen = await _stdout.WaitForAsync(t => t.Contains("bob", StringComparison.Ordinal) && t.EndsWith("\r\u001b[13C", StringComparison.Ordinal), "bob's line");

        // Bob's line replaced the prompt line, then the prompt came back with the half line and the cursor after it.
        var afterBob = screen[screen.LastIndexOf("hi alice", StringComparison.Ordinal)..];
        Assert.Equal("hi alice\r\n#general> hel\r\u001b[13C", afterBob);
        Assert.Contains("\r\u001b[2K", screen[..screen.LastIndexOf("hi alice", StringComparison.Ordinal)], StringComparison.Ordinal);

        keys.Type("lo");
        keys.Press(FakeKeySource.Enter);
        await _server.WaitUntilAsync(() => _server.Events("general").Any(e => e.Text == "hello"));
        keys.Press(FakeKeySource.Control('d'));
        Assert.Equal(0, await run.WaitAsync(TestTimeouts.Process));
    }

    private static CliOptions Options(bool json = false) => new() { User = "alice", Json = json, AckTimeout = TimeSpan.FromSeconds(10) };

    private static ReconnectBackoff QuickBackoff() => new(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(50), new Random(1));

    private Task<int> RunPipedAsync(TextReader stdin, CliOptions options) => RunAsync(stdin, options);

    private Task<int> RunAsync(TextReader stdin, CliOptions options)
    {
        var console = new AppConsole(stdin, _stdout, _stderr, IsInputRedirected: true, IsOutputRedirected: true, () => 80, () => throw new InvalidOperationException("no keyboard when stdin is redirected"));
        return ChatApp.RunAsync(options, console, (_, _) => _server, QuickBackoff(), CancellationToken.None);
    }

    private List<JsonElement> JsonLines() => _stdout.Lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
}

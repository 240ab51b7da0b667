using OrleansChat.Cli.Commands;

namespace OrleansChat.Cli.Tests.Unit;

public sealed class CommandParserTests
{
    [Theory]
    [InlineData("hello world", "hello world")]
    [InlineData("  indented stays  ", "  indented stays")]
    [InlineData("//slash first", "/slash first")]
    public void PlainText_IsAMessageForTheCurrentRoom(string line, string text)
        => Assert.Equal(new SayCommand(text), CommandParser.Parse(line));

    [Fact]
    public void EmptyLine_DoesNothing() => Assert.IsType<EmptyCommand>(CommandParser.Parse("   "));

    [Theory]
    [InlineData("/join dev", "dev")]
    [InlineData("/join #dev", "dev")]
    [InlineData("/JOIN  dev ", "dev")]
    public void Join_TakesARoom(string line, string room) => Assert.Equal(new JoinCommand(room), CommandParser.Parse(line));

    [Theory]
    [InlineData("/join", "usage: /join <room>")]
    [InlineData("/join two words", "usage: /join <room>")]
    [InlineData("/join bad/room", "invalid room name 'bad/room': use 1-64 letters, digits, '-', '_' or '.'")]
    [InlineData("/history zero", "usage: /history [n] with n from 1 to 1000")]
    [InlineData("/history 0", "usage: /history [n] with n from 1 to 1000")]
    [InlineData("/nick", "usage: /nick <name>")]
    [InlineData("/avatar", "usage: /avatar <emoji|url>")]
    [InlineData("/rooms all", "usage: /rooms (no arguments)")]
    [InlineData("/dance", "unknown command /dance — /help lists the commands")]
    public void BadCommands_SayWhatIsWrongInOneLine(string line, string message)
        => Assert.Equal(new InvalidCommand(message), CommandParser.Parse(line));

    [Fact]
    public void Leave_WithoutRoom_MeansTheCurrentOne()
    {
        Assert.Equal(new LeaveCommand(null), CommandParser.Parse("/leave"));
        Assert.Equal(new LeaveCommand("dev"), CommandParser.Parse("/leave #dev"));
    }

    [Fact]
    public void History_TakesAnOptionalCount()
    {
        Assert.Equal(new HistoryCommand(0), CommandParser.Parse("/history"));
        Assert.Equal(new HistoryCommand(3), CommandParser.Parse("/history 3"));
    }

    [Fact]
    public void Nick_TakesTheRestOfTheLine() => Assert.Equal(new NickCommand("Alice Liddell"), CommandParser.Parse("/nick Alice Liddell"));

    [Fact]
    public void Avatar_TakesAnEmojiOrUrl()
    {
        Assert.Equal(new AvatarCommand("🐱"), CommandParser.Parse("/avatar 🐱"));
        Assert.Equal(new AvatarCommand("https://example.org/a.png"), CommandParser.Parse("/avatar https://example.org/a.png"));
    }

    [Theory]
    [InlineData("/quit")]
    [InlineData("/exit")]
    [InlineData("/q")]
    public void QuitAliases_Quit(string line) => Assert.IsType<QuitCommand>(CommandParser.Parse(line));

    [Theory]
    [InlineData("/rooms", typeof(RoomsCommand))]
    [InlineData("/who", typeof(WhoCommand))]
    [InlineData("/batch", typeof(BatchCommand))]
    [InlineData("/help", typeof(HelpCommand))]
    public void CommandsWithoutArguments_AreRecognised(string line, Type type) => Assert.IsType(type, CommandParser.Parse(line));
}

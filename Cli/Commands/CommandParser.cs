using System.Globalization;

namespace OrleansChat.Cli.Commands;

/// <summary>Parses a line: text is a message for the current room, <c>/name args</c> is a command, and
/// <c>//text</c> sends text that starts with a slash.</summary>
internal static class CommandParser
{
    public const uint MaxHistoryCount = 1000;

    /// <summary>Usage and description of every command, for /help.</summary>
    public static readonly IReadOnlyList<(string Usage, string Description)> Help =
    [
        ("/join <room>", "join a room (or switch to it); plain text goes to the current room"),
        ("/leave [room]", "leave a room (default: the current one)"),
        ("/rooms", "list your rooms"),
        ("/who", "list the members of the current room"),
        ("/history [n]", "show the last n messages of the current room"),
        ("/batch", "type lines, end with a lone '.', send them as one batch"),
        ("/nick <name>", "change your display name"),
        ("/avatar <emoji|url>", "change your avatar"),
        ("/help", "show this list"),
        ("/quit", "leave the chat (also /exit, /q, Ctrl-D)"),
        ("//text", "send text that starts with '/'"),
    ];

    public static ChatCommand Parse(string line)
    {
        var trimmed = line.Trim();
        if (trimmed.Length == 0)
        {
            return new EmptyCommand();
        }

        if (!trimmed.StartsWith('/'))
        {
            return new SayCommand(line.TrimEnd());
        }

        if (trimmed.StartsWith("//", StringComparison.Ordinal))
        {
            return new SayCommand(trimmed[1..]);
        }

        var space = trimmed.IndexOf(' ');
        var name = (space < 0 ? trimmed[1..] : trimmed[1..space]).ToLowerInvariant();
        var argument = space < 0 ? string.Empty : trimmed[(space + 1)..].Trim();
        return name switch
        {
            "join" or "j" => ParseJoin(argument),
            "leave" or "part" => ParseLeave(argument),
            "rooms" => NoArgument(argument, "/rooms", new RoomsCommand()),
            "who" or "members" => NoArgument(argument, "/who", new WhoCommand()),
            "history" => ParseHistory(argument),
            "batch" => NoArgument(argument, "/batch", new BatchCommand()),
            "nick" or "name" => ParseNick(argument),
            "avatar" => ParseAvatar(argument),
            "help" or "?" => new HelpCommand(),
            "quit" or "exit" or "q" => new QuitCommand(),
            _ => new InvalidCommand($"unknown command /{name} — /help lists the commands"),
        };
    }

    private static ChatCommand ParseJoin(string argument)
    {
        if (argument.Length == 0 || argument.Contains(' '))
        {
            return new InvalidCommand("usage: /join <room>");
        }

        return Identifiers.ValidateRoomId(argument) is { } error
            ? new InvalidCommand(error)
            : new JoinCommand(Identifiers.NormalizeRoomId(argument));
    }

    private static ChatCommand ParseLeave(string argument)
    {
        if (argument.Length == 0)
        {
            return new LeaveCommand(null);
        }

        if (argument.Contains(' '))
        {
            return new InvalidCommand("usage: /leave [room]");
        }

        return Identifiers.ValidateRoomId(argument) is { } error
            ? new InvalidCommand(error)
            : new LeaveCommand(Identifiers.NormalizeRoomId(argument));
    }

    private static ChatCommand ParseHistory(string argument)
    {
        if (argument.Length == 0)
        {
            return new HistoryCommand(0);
        }

        return uint.TryParse(argument, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count is >= 1 and <= MaxHistoryCount
            ? new HistoryCommand(count)
            : new InvalidCommand($"usage: /history [n] with n from 1 to {MaxHistoryCount}");
    }

    private static ChatCommand ParseNick(string argument)
    {
        if (argument.Length == 0)
        {
            return new InvalidCommand("usage: /nick <name>");
        }

        return argument.Length > Identifiers.MaxDisplayNameLength
            ? new InvalidCommand($"a display name has at most {Identifiers.MaxDisplayNameLength} characters")
            : new NickCommand(argument);
    }

    private static ChatCommand ParseAvatar(string argument)
        => argument.Length == 0 || argument.Contains(' ')
            ? new InvalidCommand("usage: /avatar <emoji|url>")
            : new AvatarCommand(argument);

    private static ChatCommand NoArgument(string argument, string usage, ChatCommand command)
        => argument.Length == 0 ? command : new InvalidCommand($"usage: {usage} (no arguments)");
}

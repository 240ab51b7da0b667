namespace OrleansChat.Cli.Commands;

/// <summary>One line of input, parsed.</summary>
internal abstract record ChatCommand;

/// <summary>An empty line: nothing to do.</summary>
internal sealed record EmptyCommand : ChatCommand;

/// <summary>Plain text for the current room.</summary>
internal sealed record SayCommand(string Text) : ChatCommand;

internal sealed record JoinCommand(string RoomId) : ChatCommand;

/// <summary>Leave <see cref="RoomId"/>, or the current room when null.</summary>
internal sealed record LeaveCommand(string? RoomId) : ChatCommand;

internal sealed record RoomsCommand : ChatCommand;

internal sealed record WhoCommand : ChatCommand;

/// <summary>The last <see cref="Count"/> messages of the current room (0 = the server's default).</summary>
internal sealed record HistoryCommand(uint Count) : ChatCommand;

/// <summary>Read lines until a lone '.', then send them as one SendBatch stream.</summary>
internal sealed record BatchCommand : ChatCommand;

internal sealed record NickCommand(string DisplayName) : ChatCommand;

internal sealed record AvatarCommand(string Avatar) : ChatCommand;

internal sealed record HelpCommand : ChatCommand;

internal sealed record QuitCommand : ChatCommand;

/// <summary>A command that could not be understood; <see cref="Message"/> says why (usage, or unknown name).</summary>
internal sealed record InvalidCommand(string Message) : ChatCommand;

using System.Text;
using Grpc.Core;
using OrleansChat.Cli.Connection;
using OrleansChat.Cli.Input;
using OrleansChat.Cli.Output;
using OrleansChat.Cli.Session;
using OrleansChat.Protocol.V1;

namespace OrleansChat.Cli.Commands;

/// <summary>Carries out commands against the session (stream) and the server's unary calls, and reports every
/// outcome as one output event. Failures become one clear line, never an exception.</summary>
internal sealed class CommandRunner(ChatSession session, IChatTransport transport, ChatView view, IOutputSink output)
{
    public const int MaxBatchLines = 1000;
    public const string BatchPrompt = "batch> ";
    private const string NoRoom = "you are in no room: /join <room> first";

    /// <summary>Runs one command; false when the user asked to quit.</summary>
    public async Task<bool> RunAsync(ChatCommand command, ILineSource lines, CancellationToken cancellationToken)
    {
        try
        {
            switch (command)
            {
                case QuitCommand:
                    return false;
                case EmptyCommand:
                    break;
                case SayCommand say:
                    await SayAsync(say.Text, cancellationToken).ConfigureAwait(false);
                    break;
                case JoinCommand join:
                    await JoinAsync(join.RoomId, cancellationToken).ConfigureAwait(false);
                    break;
                case LeaveCommand leave:
                    await LeaveAsync(leave.RoomId, cancellationToken).ConfigureAwait(false);
                    break;
                case RoomsCommand:
                    var rooms = await transport.ListRoomsAsync(cancellationToken).ConfigureAwait(false);
                    await output.WriteAsync(new RoomsListedEvent(rooms, view.CurrentRoom), cancellationToken).ConfigureAwait(false);
                    break;
                case WhoCommand:
                    await WhoAsync(cancellationToken).ConfigureAwait(false);
                    break;
                case HistoryCommand history:
                    await HistoryAsync(history.Count, cancellationToken).ConfigureAwait(false);
                    break;
                case BatchCommand:
                    await BatchAsync(lines, cancellationToken).ConfigureAwait(false);
                    break;
                case NickCommand nick:
                    await UpdateProfileAsync(new UpdateProfileRequest { DisplayName = nick.DisplayName }, cancellationToken).ConfigureAwait(false);
                    break;
                case AvatarCommand avatar:
                    await UpdateProfileAsync(new UpdateProfileRequest { Avatar = avatar.Avatar }, cancellationToken).ConfigureAwait(false);
                    break;
                case HelpCommand:
                    await output.WriteAsync(new HelpEvent(CommandParser.Help), cancellationToken).ConfigureAwait(false);
                    break;
                case InvalidCommand invalid:
                    await ErrorAsync(invalid.Message).ConfigureAwait(false);
                    break;
            }
        }
        catch (RpcException exception)
        {
            await ErrorAsync($"{Describe(command)} failed: {ConnectionErrors.Reason(exception)}").ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException && !ConnectionErrors.IsFatalForProcess(exception))
        {
            // One line, never a stack trace: the session goes on.
            await ErrorAsync($"{Describe(command)} failed: {exception.GetType().Name}: {exception.Message}").ConfigureAwait(false);
        }

        return true;
    }

    private async Task WhoAsync(CancellationToken cancellationToken)
    {
        if (view.CurrentRoom is not { } room)
        {
            await ErrorAsync(NoRoom).ConfigureAwait(false);
            return;
        }

        var members = await transport.ListMembersAsync(room, cancellationToken).ConfigureAwait(false);
        await output.WriteAsync(new MembersListedEvent(members), cancellationToken).ConfigureAwait(false);
    }

    private async Task HistoryAsync(uint count, CancellationToken cancellationToken)
    {
        if (view.CurrentRoom is not { } room)
        {
            await ErrorAsync(NoRoom).ConfigureAwait(false);
            return;
        }

        var response = await transport.GetHistoryAsync(new GetHistoryRequest { RoomId = room, Limit = count }, cancellationToken).ConfigureAwait(false);
        await output.WriteAsync(new HistoryListedEvent(response), cancellationToken).ConfigureAwait(false);
    }

    private async Task SayAsync(string text, CancellationToken cancellationToken)
    {
        if (view.CurrentRoom is not { } room)
        {
            await ErrorAsync(NoRoom).ConfigureAwait(false);
            return;
        }

        if (session.Welcome is { MaxMessageBytes: > 0 } welcome && Encoding.UTF8.GetByteCount(text) > welcome.MaxMessageBytes)
        {
            await ErrorAsync($"message not sent: {Encoding.UTF8.GetByteCount(text)} bytes, the server takes at most {welcome.MaxMessageBytes}").ConfigureAwait(false);
            return;
        }

        await session.SendAsync(room, text, cancellationToken).ConfigureAwait(false);
        if (!session.IsConnected)
        {
            await NoticeAsync("not connected: the message is queued and sent when the connection is back").ConfigureAwait(false);
        }
    }

    private async Task JoinAsync(string roomId, CancellationToken cancellationToken)
    {
        var result = await session.JoinAsync(roomId, cancellationToken).ConfigureAwait(false);
        switch (result.Status)
        {
            case JoinStatus.Joined:
                view.CurrentRoom = roomId;
                break;
            case JoinStatus.AlreadyJoined:
                view.CurrentRoom = roomId;
                await NoticeAsync($"now talking in #{roomId}").ConfigureAwait(false);
                break;
            case JoinStatus.Deferred:
                view.CurrentRoom = roomId;
                await NoticeAsync($"not connected: #{roomId} is joined when the connection is back").ConfigureAwait(false);
                break;
            case JoinStatus.Refused:
                await ErrorAsync($"cannot join #{roomId}: {result.Error!.Message} ({StatusNames.Of(result.Error.Code)})").ConfigureAwait(false);
                break;
        }
    }

    private async Task LeaveAsync(string? roomId, CancellationToken cancellationToken)
    {
        roomId ??= view.CurrentRoom;
        if (roomId is null || !session.Rooms.Contains(roomId))
        {
            await ErrorAsync(roomId is null ? "you are in no room" : $"you are not in #{roomId}").ConfigureAwait(false);
            return;
        }

        var error = await session.LeaveAsync(roomId, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            await ErrorAsync($"cannot leave #{roomId}: {error.Message} ({StatusNames.Of(error.Code)})").ConfigureAwait(false);
            return;
        }

        if (view.CurrentRoom == roomId)
        {
            view.CurrentRoom = session.Rooms.LastOrDefault();
            await NoticeAsync(view.CurrentRoom is { } next ? $"now talking in #{next}" : "you are in no room: /join <room>").ConfigureAwait(false);
        }
    }

    private async Task BatchAsync(ILineSource lines, CancellationToken cancellationToken)
    {
        if (view.CurrentRoom is not { } room)
        {
            await ErrorAsync(NoRoom).ConfigureAwait(false);
            return;
        }

        await NoticeAsync($"batch for #{room}: type lines, end with a lone '.'").ConfigureAwait(false);
        var messages = new List<BatchMessage>();
        while (await lines.ReadLineAsync(BatchPrompt, cancellationToken).ConfigureAwait(false) is { } line && line.Trim() != ".")
        {
            if (line.Trim().Length == 0)
            {
                continue;
            }

            if (messages.Count == MaxBatchLines)
            {
                await ErrorAsync($"batch cancelled: more than {MaxBatchLines} lines").ConfigureAwait(false);
                return;
            }

            messages.Add(new BatchMessage { RoomId = room, ClientMessageId = Guid.NewGuid().ToString("N"), Text = line.TrimEnd() });
        }

        if (messages.Count == 0)
        {
            await NoticeAsync("batch cancelled: no lines").ConfigureAwait(false);
            return;
        }

        var result = await transport.SendBatchAsync(messages, cancellationToken).ConfigureAwait(false);
        await output.WriteAsync(new BatchSentEvent(room, result), cancellationToken).ConfigureAwait(false);
    }

    private async Task UpdateProfileAsync(UpdateProfileRequest request, CancellationToken cancellationToken)
    {
        var profile = await transport.UpdateProfileAsync(request, cancellationToken).ConfigureAwait(false);
        session.UpdateIdentity(request.HasDisplayName ? profile.DisplayName : null, request.HasAvatar ? profile.Avatar : null);
        await output.WriteAsync(new ProfileUpdatedEvent(profile), cancellationToken).ConfigureAwait(false);
    }

    private static string Describe(ChatCommand command) => command switch
    {
        RoomsCommand => "/rooms",
        WhoCommand => "/who",
        HistoryCommand => "/history",
        BatchCommand => "/batch",
        NickCommand => "/nick",
        AvatarCommand => "/avatar",
        _ => "command",
    };

    private ValueTask NoticeAsync(string text) => output.WriteAsync(new NoticeEvent(text));

    private ValueTask ErrorAsync(string text) => output.WriteAsync(new ErrorNoticeEvent(text));
}

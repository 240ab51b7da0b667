using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansChat.Grains.Validation;
using OrleansChat.Runtime;
using OrleansChat.Runtime.Streams;

namespace OrleansChat.Grains;

/// <summary>
/// A chat room. Persisted in two states: <c>room</c> (members with a profile snapshot, the users announced online)
/// and <c>room-log</c> (the history ring, the last seq, the dedupe window; see <see cref="RoomLog"/>). A message
/// writes only the log; membership changes write the members; a change of both writes both. In memory: the online
/// sessions, each a lease that its gateway renews (see Grains/README.md). Every event is stored before the call
/// returns and then published on <c>rooms/{id}</c>, so an acknowledged message is durable and subscribers see
/// events in seq order.
/// </summary>
[GrainType(ChatStreams.RoomGrainType)]
public sealed class RoomGrain : Grain, IRoomGrain
{
    private readonly IPersistentState<RoomState> _state;
    private readonly RoomLog _log;
    private readonly RoomOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<RoomGrain> _logger;

    private readonly Dictionary<string, MemberRecord> _members = new(StringComparer.Ordinal);

    // Online sessions: user id -> session id -> lease expiry. Not persisted: gateways renew them.
    private readonly Dictionary<string, Dictionary<string, DateTimeOffset>> _sessions = new(StringComparer.Ordinal);

    // Users announced online (mirrors RoomState.online_user_ids). A user in this set without sessions is an
    // orphan left by a previous activation; it is announced gone unless a session is renewed before the deadline.
    private readonly HashSet<string> _online = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _orphanDeadlines = new(StringComparer.Ordinal);

    private int _sessionCount;
    private string _roomId = string.Empty;
    private IAsyncStream<RoomStreamItem>? _stream;
    private IGrainTimer? _leaseTimer;

    /// <summary>Creates the grain; the runtime injects the state and services.</summary>
    public RoomGrain(
        [PersistentState("room", ChatStreams.StorageName)] IPersistentState<RoomState> state,
        [PersistentState("room-log", ChatStreams.StorageName)] IPersistentState<RoomLogState> log,
        IOptions<RoomOptions> options,
        TimeProvider timeProvider,
        ILogger<RoomGrain> logger)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _state = state;
        _log = new RoomLog(log, options.Value);
        _options = options.Value;
        _time = timeProvider;
        _logger = logger;
    }

    /// <inheritdoc />
    protected override bool KeepAlive => _sessionCount > 0 || _online.Count > 0;

    private RoomState State => _state.State;

    private bool Exists => _state.RecordExists;

    private IAsyncStream<RoomStreamItem> Stream => _stream ?? throw new InvalidOperationException("The room is not activated.");

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _roomId = this.GetPrimaryKeyString();
        _log.Load();
        if (await LegacyRoomLog.MigrateAsync(_state, _log) is { } moved)
        {
            GrainsLog.RoomLogMigrated(_logger, _roomId, moved, _log.LastSeq);
        }

        RebuildMembers();
        _stream = this.GetStreamProvider(ChatStreams.ProviderName).GetStream<RoomStreamItem>(ChatStreams.ForRoom(_roomId));
        var period = _options.SessionLease / 2;
        _leaseTimer = RegisterGrainTimer(ExpireLeasesAsync, period, period);
        GrainsLog.RoomActivated(_logger, _roomId, _log.LastSeq, _members.Count);
    }

    /// <inheritdoc />
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _leaseTimer?.Dispose();
        _leaseTimer = null;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<JoinResult> Join(JoinRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (ChatValidation.CheckUserId(request.UserId) is not null || string.IsNullOrEmpty(request.SessionId))
        {
            return new JoinResult { RoomId = _roomId, Error = RoomError.InvalidArgument };
        }

        var now = _time.GetUtcNow();
        var isMember = _members.TryGetValue(request.UserId, out var member);
        var hasSession = _sessions.TryGetValue(request.UserId, out var sessions) && sessions.ContainsKey(request.SessionId);
        if ((!isMember && _members.Count >= _options.MaxMembers) || (!hasSession && _sessionCount >= _options.MaxSessions))
        {
            return new JoinResult { RoomId = _roomId, Error = RoomError.Full };
        }

        var writes = Exists ? RoomWrites.None : RoomWrites.Members;
        if (member is null)
        {
            member = new MemberRecord
            {
                UserId = request.UserId,
                DisplayName = DisplayNameOrId(request.DisplayName, request.UserId),
                Avatar = request.Avatar,
                JoinedUnixMs = now.ToUnixTimeMilliseconds(),
            };
            _members.Add(member.UserId, member);
            State.Members.Add(member);
            writes |= RoomWrites.Members;
        }
        else if (!string.IsNullOrEmpty(request.DisplayName)
                 && (member.DisplayName != request.DisplayName || member.Avatar != request.Avatar))
        {
            // The snapshot missed a profile push; refresh it quietly.
            member.DisplayName = request.DisplayName;
            member.Avatar = request.Avatar;
            writes |= RoomWrites.Members;
        }

        RoomEvent? joinEvent = null;
        if (_online.Add(request.UserId))
        {
            joinEvent = AppendEvent(RoomEventKind.Join, member, member.DisplayName + " joined the room", now);
            State.OnlineUserIds.Add(request.UserId);
            writes |= RoomWrites.Members | RoomWrites.Log;
        }

        _orphanDeadlines.Remove(request.UserId);
        if (writes != RoomWrites.None)
        {
            await SaveAsync(writes);
        }

        // Only once stored: after a failed write the user has no session here, and a user the stored state still
        // announces online gets a lease to come back within (see RebuildMembers).
        AddSession(request.UserId, request.SessionId, now);

        if (joinEvent is not null)
        {
            await PublishEventAsync(joinEvent, request.SessionId);
            await PublishPresenceAsync(member, online: true);
        }

        GrainsLog.UserJoined(_logger, request.UserId, _roomId, request.SessionId);
        return BuildJoinResult(request, becameMember: !isMember);
    }

    /// <inheritdoc />
    public async Task<LeaveResult> Leave(LeaveRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!_members.TryGetValue(request.UserId, out var member))
        {
            return new LeaveResult { Error = RoomError.NotMember };
        }

        if (request.SessionId.Length == 0)
        {
            // A leave from outside any session (chat.v1 Leave): the user leaves for good, every session with them;
            // their sessions learn it when their lease renewal is refused.
            RemoveAllSessions(request.UserId);
        }
        else
        {
            RemoveSession(request.UserId, request.SessionId);
        }

        if (_sessions.ContainsKey(request.UserId))
        {
            // Another session of the user is still in the room: only this one leaves.
            return new LeaveResult();
        }

        var now = _time.GetUtcNow();
        _members.Remove(request.UserId);
        RemoveMemberRecord(request.UserId);
        var wasOnline = SetOffline(request.UserId);
        var leaveEvent = AppendEvent(RoomEventKind.Leave, member, member.DisplayName + " left the room", now);
        await SaveAsync(RoomWrites.Members | RoomWrites.Log);
        await PublishEventAsync(leaveEvent, request.SessionId);
        if (wasOnline)
        {
            await PublishPresenceAsync(member, online: false);
        }

        GrainsLog.UserLeft(_logger, request.UserId, _roomId, "left");
        return new LeaveResult { MembershipRemoved = true };
    }

    /// <inheritdoc />
    public async Task Disconnect(DisconnectRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!RemoveSession(request.UserId, request.SessionId) || _sessions.ContainsKey(request.UserId))
        {
            return;
        }

        await AnnounceGoneAsync([request.UserId], "disconnected");
    }

    /// <inheritdoc />
    public async Task<PostResult> Post(PostRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!_members.TryGetValue(request.SenderId, out var member))
        {
            return new PostResult { Error = RoomError.NotMember };
        }

        if (ChatValidation.CheckText(request.Text, int.MaxValue) is not null)
        {
            return new PostResult { Error = RoomError.InvalidArgument, Field = "text" };
        }

        if (ChatValidation.CheckClientMessageId(request.ClientMessageId) is not null)
        {
            return new PostResult { Error = RoomError.InvalidArgument, Field = "client_message_id" };
        }

        var hasClientId = !string.IsNullOrEmpty(request.ClientMessageId);
        if (hasClientId && _log.TryGetOriginal(request.SenderId, request.ClientMessageId, out var original))
        {
            GrainsLog.DuplicateMessage(_logger, _roomId, request.SenderId, request.ClientMessageId, original.Seq);
            return new PostResult
            {
                Seq = original.Seq,
                ServerTimeUnixMs = original.ServerTimeUnixMs,
                MessageId = original.MessageId,
                Duplicate = true,
            };
        }

        var now = _time.GetUtcNow();
        var message = AppendEvent(RoomEventKind.Text, member, request.Text, now, request.ClientMessageId);
        if (hasClientId)
        {
            _log.Remember(message);
        }

        // Only the log: a message's write does not grow with the room's members.
        await SaveAsync(RoomWrites.Log);
        await PublishEventAsync(message, request.SessionId);
        return new PostResult
        {
            Seq = message.Seq,
            ServerTimeUnixMs = message.ServerTimeUnixMs,
            MessageId = message.MessageId,
        };
    }

    /// <inheritdoc />
    public Task Typing(TypingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!_sessions.ContainsKey(request.UserId))
        {
            return Task.CompletedTask;
        }

        return Stream.OnNextAsync(new RoomStreamItem
        {
            RoomId = _roomId,
            OriginSessionId = request.SessionId,
            Typing = new TypingSignal { UserId = request.UserId, Typing = request.Typing },
        });
    }

    /// <inheritdoc />
    public async Task<RenewResult> Renew(RenewRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = new RenewResult();
        var now = _time.GetUtcNow();
        List<(RoomEvent Event, MemberRecord Member, string SessionId)>? joins = null;
        foreach (var session in request.Sessions)
        {
            if (!_members.TryGetValue(session.UserId, out var member)
                || (!HasSession(session.UserId, session.SessionId) && _sessionCount >= _options.MaxSessions))
            {
                result.RejectedSessionIds.Add(session.SessionId);
                continue;
            }

            AddSession(session.UserId, session.SessionId, now);
            _orphanDeadlines.Remove(session.UserId);
            if (_online.Add(session.UserId))
            {
                // The user had been announced gone (their lease ran out) and is back.
                State.OnlineUserIds.Add(session.UserId);
                var joinEvent = AppendEvent(RoomEventKind.Join, member, member.DisplayName + " joined the room", now);
                (joins ??= []).Add((joinEvent, member, session.SessionId));
            }
        }

        if (joins is not null)
        {
            await SaveAsync(RoomWrites.Members | RoomWrites.Log);
            foreach (var (joinEvent, member, sessionId) in joins)
            {
                await PublishEventAsync(joinEvent, sessionId);
                await PublishPresenceAsync(member, online: true);
            }
        }

        return result;
    }

    /// <inheritdoc />
    public Task<HistoryResult> GetHistory(HistoryRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Exists)
        {
            return Task.FromResult(new HistoryResult { Error = RoomError.NotFound });
        }

        var result = new HistoryResult { LastSeq = _log.LastSeq };
        result.Events.AddRange(_log.Latest(HistoryLimit(request.Limit), request.BeforeSeq));
        return Task.FromResult(result);
    }

    /// <inheritdoc />
    public Task<MembersResult> GetMembers()
    {
        if (!Exists)
        {
            return Task.FromResult(new MembersResult { Error = RoomError.NotFound });
        }

        var result = new MembersResult();
        result.Members.AddRange(State.Members.Select(m => ToInfo(m, _online.Contains(m.UserId))));
        return Task.FromResult(result);
    }

    /// <inheritdoc />
    public Task<RoomSummaryResult> GetSummary(string userId)
    {
        if (!Exists)
        {
            return Task.FromResult(new RoomSummaryResult { Error = RoomError.NotFound });
        }

        return Task.FromResult(new RoomSummaryResult
        {
            MemberCount = (uint)_members.Count,
            OnlineCount = (uint)_online.Count(_members.ContainsKey),
            LastSeq = _log.LastSeq,
            IsMember = userId is not null && _members.ContainsKey(userId),
        });
    }

    /// <inheritdoc />
    public async Task ProfileChanged(ProfileChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (!_members.TryGetValue(change.UserId, out var member))
        {
            return;
        }

        var newName = DisplayNameOrId(change.DisplayName, change.UserId);
        string text;
        if (newName != member.DisplayName)
        {
            text = member.DisplayName + " is now known as " + newName;
        }
        else if (change.Avatar != member.Avatar)
        {
            text = member.DisplayName + " changed their avatar";
        }
        else
        {
            return;
        }

        member.DisplayName = newName;
        member.Avatar = change.Avatar;
        var profileEvent = AppendEvent(RoomEventKind.Profile, member, text, _time.GetUtcNow());
        await SaveAsync(RoomWrites.Members | RoomWrites.Log);
        await PublishEventAsync(profileEvent, originSessionId: string.Empty);
        await PublishPresenceAsync(member, _online.Contains(member.UserId));
    }

    private async Task ExpireLeasesAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        List<string>? gone = null;
        List<(string UserId, string SessionId)>? expired = null;
        foreach (var (userId, sessions) in _sessions)
        {
            foreach (var (sessionId, expiry) in sessions)
            {
                if (expiry <= now)
                {
                    (expired ??= []).Add((userId, sessionId));
                }
            }
        }

        foreach (var (userId, sessionId) in expired ?? [])
        {
            GrainsLog.LeaseExpired(_logger, _roomId, userId, sessionId);
            RemoveSession(userId, sessionId);
            if (!_sessions.ContainsKey(userId))
            {
                (gone ??= []).Add(userId);
            }
        }

        foreach (var (userId, deadline) in _orphanDeadlines)
        {
            if (deadline <= now && !_sessions.ContainsKey(userId))
            {
                (gone ??= []).Add(userId);
            }
        }

        if (gone is not null)
        {
            foreach (var userId in gone)
            {
                _orphanDeadlines.Remove(userId);
            }

            await AnnounceGoneAsync(gone, "lease expired");
        }
    }

    // Announces LEAVE (membership kept) for users whose last session ended.
    private async Task AnnounceGoneAsync(IReadOnlyList<string> userIds, string reason)
    {
        var now = _time.GetUtcNow();
        var writes = RoomWrites.None;
        List<(RoomEvent Event, MemberRecord Member)>? leaves = null;
        foreach (var userId in userIds)
        {
            if (!SetOffline(userId))
            {
                continue;
            }

            writes |= RoomWrites.Members;
            if (_members.TryGetValue(userId, out var member))
            {
                (leaves ??= []).Add((AppendEvent(RoomEventKind.Leave, member, member.DisplayName + " left the room", now), member));
                writes |= RoomWrites.Log;
            }
        }

        if (writes == RoomWrites.None)
        {
            return;
        }

        await SaveAsync(writes);
        foreach (var (leaveEvent, member) in leaves ?? [])
        {
            await PublishEventAsync(leaveEvent, originSessionId: string.Empty);
            await PublishPresenceAsync(member, online: false);
            GrainsLog.UserLeft(_logger, member.UserId, _roomId, reason);
        }
    }

    private JoinResult BuildJoinResult(JoinRequest request, bool becameMember)
    {
        var result = new JoinResult { RoomId = _roomId, LastSeq = _log.LastSeq, BecameMember = becameMember };
        result.Members.AddRange(State.Members.Select(m => ToInfo(m, _online.Contains(m.UserId))));
        if (request.HasResumeAfterSeq && _log.TryGetAfter(request.ResumeAfterSeq, out var missed))
        {
            result.Recovered = true;
            result.History.AddRange(missed);
            return result;
        }

        result.History.AddRange(_log.Latest(HistoryLimit(request.HistoryLimit)));
        return result;
    }

    private RoomEvent AppendEvent(RoomEventKind kind, MemberRecord sender, string text, DateTimeOffset now, string clientMessageId = "") =>
        _log.Append(_roomId, kind, sender, text, now, clientMessageId);

    // Writes what the turn changed, members first, then the log. A crash or failure between the two writes can lose
    // the event of a membership change whose membership was stored (a JOIN or LEAVE announcement), never an
    // acknowledged message: a message writes the log alone, and nothing is acknowledged or published before every
    // write of the turn succeeded. The last seq lives in the log with the events it numbers, so a seq handed out to
    // an event that was never stored is handed out again, and seqs stay monotonic across restarts.
    private async Task SaveAsync(RoomWrites writes)
    {
        try
        {
            if (writes.HasFlag(RoomWrites.Members))
            {
                if (State.CreatedUnixMs == 0)
                {
                    State.CreatedUnixMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
                }

                await _state.WriteStateAsync();
            }

            if (writes.HasFlag(RoomWrites.Log))
            {
                await _log.WriteAsync();
            }
        }
        catch (Exception exception)
        {
            // Nothing of this turn was acknowledged or published: go back to what storage holds for each state the
            // turn changed (a members write that went through reads back as written).
            GrainsLog.RoomWriteFailed(_logger, _roomId, exception);
            try
            {
                if (writes.HasFlag(RoomWrites.Members))
                {
                    await _state.ReadStateAsync();
                    RebuildMembers();
                }

                if (writes.HasFlag(RoomWrites.Log))
                {
                    await _log.ReloadAsync();
                }
            }
            catch (Exception reloadException)
            {
                GrainsLog.RoomReloadFailed(_logger, _roomId, reloadException);
                DeactivateOnIdle();
            }

            throw;
        }
    }

    private Task PublishEventAsync(RoomEvent roomEvent, string originSessionId) =>
        Stream.OnNextAsync(new RoomStreamItem { RoomId = _roomId, OriginSessionId = originSessionId, Event = roomEvent });

    private Task PublishPresenceAsync(MemberRecord member, bool online) =>
        Stream.OnNextAsync(new RoomStreamItem { RoomId = _roomId, Presence = new PresenceNotice { Member = ToInfo(member, online) } });

    private void AddSession(string userId, string sessionId, DateTimeOffset now)
    {
        if (!_sessions.TryGetValue(userId, out var sessions))
        {
            sessions = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
            _sessions.Add(userId, sessions);
        }

        if (!sessions.ContainsKey(sessionId))
        {
            _sessionCount++;
        }

        sessions[sessionId] = now + _options.SessionLease;
    }

    private bool HasSession(string userId, string sessionId) =>
        _sessions.TryGetValue(userId, out var sessions) && sessions.ContainsKey(sessionId);

    // Removes a session; the user's entry disappears with their last session.
    private bool RemoveSession(string userId, string sessionId)
    {
        if (!_sessions.TryGetValue(userId, out var sessions) || !sessions.Remove(sessionId))
        {
            return false;
        }

        _sessionCount--;
        if (sessions.Count == 0)
        {
            _sessions.Remove(userId);
        }

        return true;
    }

    private void RemoveAllSessions(string userId)
    {
        if (_sessions.Remove(userId, out var sessions))
        {
            _sessionCount -= sessions.Count;
        }
    }

    private bool SetOffline(string userId)
    {
        _orphanDeadlines.Remove(userId);
        if (!_online.Remove(userId))
        {
            return false;
        }

        State.OnlineUserIds.Remove(userId);
        return true;
    }

    private void RemoveMemberRecord(string userId)
    {
        for (var i = 0; i < State.Members.Count; i++)
        {
            if (State.Members[i].UserId == userId)
            {
                State.Members.RemoveAt(i);
                return;
            }
        }
    }

    // Indexes the members state as read, and gives every user it announces online without a session here a lease
    // to come back within (after activation all of them; after a reload, e.g. one whose JOIN was never stored).
    private void RebuildMembers()
    {
        _members.Clear();
        foreach (var member in State.Members)
        {
            _members[member.UserId] = member;
        }

        _online.Clear();
        _online.UnionWith(State.OnlineUserIds);
        foreach (var userId in _orphanDeadlines.Keys.Where(u => !_online.Contains(u)).ToList())
        {
            _orphanDeadlines.Remove(userId);
        }

        var deadline = _time.GetUtcNow() + _options.SessionLease;
        foreach (var userId in _online.Where(u => !_sessions.ContainsKey(u)))
        {
            _orphanDeadlines.TryAdd(userId, deadline);
        }
    }

    private int HistoryLimit(uint requested) =>
        requested == 0 ? _options.HistoryDepth : (int)Math.Min(requested, (uint)_options.HistoryDepth);

    private static string DisplayNameOrId(string displayName, string userId) =>
        string.IsNullOrWhiteSpace(displayName) ? userId : displayName;

    private static MemberInfo ToInfo(MemberRecord member, bool online) => new()
    {
        UserId = member.UserId,
        DisplayName = member.DisplayName,
        Avatar = member.Avatar,
        Online = online,
    };
}

using Microsoft.Extensions.Logging;
using OrleansChat.Grains.Validation;
using OrleansChat.Runtime;

namespace OrleansChat.Grains;

/// <summary>
/// A user: display name, avatar and the rooms they are a member of (persisted). Profile changes are pushed
/// to each of those rooms as a PROFILE event.
/// </summary>
[GrainType("user")]
public sealed class UserGrain : Grain, IUserGrain
{
    /// <summary>The most rooms remembered per user; beyond it the oldest is forgotten (bounded state).</summary>
    public const int MaxRooms = 1000;

    private readonly IPersistentState<UserState> _state;
    private readonly TimeProvider _time;
    private readonly ILogger<UserGrain> _logger;

    /// <summary>Creates the grain; the runtime injects the state and services.</summary>
    public UserGrain(
        [PersistentState("user", ChatStreams.StorageName)] IPersistentState<UserState> state,
        TimeProvider timeProvider,
        ILogger<UserGrain> logger)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _state = state;
        _time = timeProvider;
        _logger = logger;
    }

    private UserState State => _state.State;

    private string UserId => this.GetPrimaryKeyString();

    /// <inheritdoc />
    public async Task<UserProfile> Hello(HelloRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var isNew = !_state.RecordExists;
        var name = State.DisplayName;
        var avatar = State.Avatar;
        if (isNew)
        {
            State.CreatedUnixMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
            name = UserId;
        }

        if (!string.IsNullOrEmpty(request.DisplayName) && ChatValidation.CheckDisplayName(request.DisplayName) is null)
        {
            name = request.DisplayName;
        }

        if (!string.IsNullOrEmpty(request.Avatar) && ChatValidation.CheckAvatar(request.Avatar) is null)
        {
            avatar = request.Avatar;
        }

        var changed = name != State.DisplayName || avatar != State.Avatar;
        if (isNew || changed)
        {
            State.DisplayName = name;
            State.Avatar = avatar;
            await _state.WriteStateAsync();
        }

        if (changed && !isNew)
        {
            await PushProfileAsync();
        }

        return Profile();
    }

    /// <inheritdoc />
    public Task<UserProfile> GetProfile() => Task.FromResult(Profile());

    /// <inheritdoc />
    public async Task<ProfileUpdateResult> UpdateProfile(ProfileUpdateRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.HasDisplayName && ChatValidation.CheckDisplayName(request.DisplayName) is { } nameProblem)
        {
            return new ProfileUpdateResult { Profile = Profile(), InvalidField = "display_name", ErrorMessage = nameProblem };
        }

        if (request.HasAvatar && ChatValidation.CheckAvatar(request.Avatar) is { } avatarProblem)
        {
            return new ProfileUpdateResult { Profile = Profile(), InvalidField = "avatar", ErrorMessage = avatarProblem };
        }

        var isNew = !_state.RecordExists;
        var name = request.HasDisplayName ? request.DisplayName : (isNew ? UserId : State.DisplayName);
        var avatar = request.HasAvatar ? request.Avatar : State.Avatar;
        if (isNew || name != State.DisplayName || avatar != State.Avatar)
        {
            if (isNew)
            {
                State.CreatedUnixMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
            }

            State.DisplayName = name;
            State.Avatar = avatar;
            await _state.WriteStateAsync();
            await PushProfileAsync();
        }

        return new ProfileUpdateResult { Profile = Profile() };
    }

    /// <inheritdoc />
    public async Task AddRoom(string roomId)
    {
        ArgumentException.ThrowIfNullOrEmpty(roomId);
        if (State.RoomIds.Contains(roomId))
        {
            return;
        }

        if (!_state.RecordExists)
        {
            State.CreatedUnixMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
            State.DisplayName = UserId;
        }

        State.RoomIds.Add(roomId);
        while (State.RoomIds.Count > MaxRooms)
        {
            GrainsLog.UserRoomListFull(_logger, UserId, MaxRooms, State.RoomIds[0]);
            State.RoomIds.RemoveAt(0);
        }

        await _state.WriteStateAsync();
    }

    /// <inheritdoc />
    public async Task RemoveRoom(string roomId)
    {
        ArgumentException.ThrowIfNullOrEmpty(roomId);
        if (State.RoomIds.Remove(roomId))
        {
            await _state.WriteStateAsync();
        }
    }

    /// <inheritdoc />
    public Task<RoomList> GetRooms()
    {
        var list = new RoomList();
        list.RoomIds.AddRange(State.RoomIds);
        return Task.FromResult(list);
    }

    private UserProfile Profile() => new()
    {
        UserId = UserId,
        DisplayName = string.IsNullOrEmpty(State.DisplayName) ? UserId : State.DisplayName,
        Avatar = State.Avatar,
        Exists = _state.RecordExists,
    };

    // Announces the change in every room of the user, concurrently; a room that cannot be reached is logged
    // and refreshes its snapshot when the user next joins it.
    private async Task PushProfileAsync()
    {
        var change = new ProfileChange { UserId = UserId, DisplayName = State.DisplayName, Avatar = State.Avatar };
        var pushes = State.RoomIds.Select(async roomId =>
        {
            try
            {
                await GrainFactory.GetGrain<IRoomGrain>(roomId).ProfileChanged(change);
            }
            catch (Exception exception)
            {
                GrainsLog.ProfilePushFailed(_logger, UserId, roomId, exception);
            }
        });
        await Task.WhenAll(pushes);
    }
}

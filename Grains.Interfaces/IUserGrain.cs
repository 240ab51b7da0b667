using OrleansChat.Runtime;

namespace OrleansChat.Grains;

/// <summary>
/// A user (key = user id): display name, avatar and the rooms they are a member of. Profile changes are
/// pushed to those rooms. Calls go from users to rooms only (a room never calls a user), so the two
/// non-reentrant grains can never wait on each other.
/// </summary>
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>
    /// A session started: creates the user on first contact and applies the display name and avatar the client
    /// offered (when given and valid). Returns the profile.
    /// </summary>
    Task<UserProfile> Hello(HelloRequest request);

    /// <summary>The profile; <c>exists</c> is false when the user never connected.</summary>
    Task<UserProfile> GetProfile();

    /// <summary>Validates and applies a change, then announces it in each of the user's rooms.</summary>
    Task<ProfileUpdateResult> UpdateProfile(ProfileUpdateRequest request);

    /// <summary>Records that the user became a member of a room.</summary>
    Task AddRoom(string roomId);

    /// <summary>Records that the user left a room.</summary>
    Task RemoveRoom(string roomId);

    /// <summary>The rooms the user is a member of, in the order joined.</summary>
    Task<RoomList> GetRooms();
}

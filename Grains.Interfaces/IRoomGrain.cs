using OrleansChat.Runtime;

namespace OrleansChat.Grains;

/// <summary>
/// A chat room (key = room id). Holds the members with a profile snapshot, the online sessions as leases,
/// the last N events as a ring, the next seq and a dedupe window; publishes every event on the stream
/// <c>rooms/{id}</c> (<see cref="ChatStreams.ForRoom"/>). A room exists once someone joined it.
/// </summary>
/// <remarks>
/// Refusals come back as <see cref="RoomError"/> values in the results rather than exceptions, because they
/// cross silos and the gateway maps each to a precise gRPC status.
/// </remarks>
public interface IRoomGrain : IGrainWithStringKey
{
    /// <summary>
    /// Adds a session (and makes the user a member). The user's first online session announces a JOIN event.
    /// Returns the members, the history (recent events, or exactly those after <c>resume_after_seq</c>) and the
    /// latest seq; stream items with a seq at or below it are already covered by the result.
    /// </summary>
    Task<JoinResult> Join(JoinRequest request);

    /// <summary>
    /// An explicit leave by one session. When it was the user's last session in the room the user stops being a
    /// member and a LEAVE event is announced. Without a session id the user leaves for good, with every session.
    /// </summary>
    Task<LeaveResult> Leave(LeaveRequest request);

    /// <summary>
    /// A session ended (stream closed, cancelled, gateway gone). When it was the user's last session a LEAVE
    /// event is announced; the membership is kept. Unknown sessions are ignored, so this is idempotent.
    /// </summary>
    Task Disconnect(DisconnectRequest request);

    /// <summary>Stores a message (durably, before returning) and publishes it; idempotent per client message id.</summary>
    Task<PostResult> Post(PostRequest request);

    /// <summary>Publishes an ephemeral typing signal; nothing is stored.</summary>
    Task Typing(TypingRequest request);

    /// <summary>Renews the leases of a gateway's sessions in this room; see <see cref="RenewResult"/>.</summary>
    Task<RenewResult> Renew(RenewRequest request);

    /// <summary>The most recent events, optionally before a seq.</summary>
    Task<HistoryResult> GetHistory(HistoryRequest request);

    /// <summary>The members with presence.</summary>
    Task<MembersResult> GetMembers();

    /// <summary>Counts and the latest seq, and whether <paramref name="userId"/> is a member.</summary>
    Task<RoomSummaryResult> GetSummary(string userId);

    /// <summary>A member changed their profile: updates the snapshot and announces a PROFILE event.</summary>
    Task ProfileChanged(ProfileChange change);
}

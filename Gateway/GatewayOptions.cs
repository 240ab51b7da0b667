namespace OrleansChat.Gateway;

/// <summary>
/// Limits and security of the public gateway. Checked at start-up by <see cref="GatewayOptionsValidator"/>;
/// the Silo host binds them from its command-line flags.
/// </summary>
public sealed class GatewayOptions
{
    /// <summary>The largest message text in bytes of UTF-8 (<c>--max-message-bytes</c>). Default 4096; 1 to 1 048 576.</summary>
    public int MaxMessageBytes { get; set; } = 4096;

    /// <summary>The most rooms one stream (Connect or Subscribe) may be in at once. Default 50.</summary>
    public int MaxRoomsPerConnection { get; set; } = 50;

    /// <summary>The most chat streams (Connect, Subscribe, JoinChat) one HTTP/2 connection may hold open. Default 16.</summary>
    public int MaxStreamsPerConnection { get; set; } = 16;

    /// <summary>
    /// The bound of each session's outgoing queue, in frames. A session whose client reads so slowly that the
    /// queue fills is cut off with RESOURCE_EXHAUSTED (it resumes with <c>resume_after_seq</c>). Default 256.
    /// </summary>
    public int SessionQueueCapacity { get; set; } = 256;

    /// <summary>
    /// How long a session that has ended (left, cut off, server stopping) waits for its client to take the frames still
    /// queued before the call is reset. Default 10 seconds.
    /// </summary>
    public TimeSpan StreamCloseTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often a Subscribe stream gets a heartbeat (a Pong with nonce 0), so that a client without HTTP/2 pings (a
    /// browser over gRPC-Web on HTTP/1.1) can tell a dead connection from a quiet room; announced in
    /// <c>Welcome.heartbeat_interval_ms</c>. Default 15 seconds.
    /// </summary>
    public TimeSpan SubscribeHeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Sustained messages per second per user (token bucket refill rate). Default 20.</summary>
    public double MessagesPerSecond { get; set; } = 20;

    /// <summary>Messages a user may send in a burst (token bucket size). Default 40.</summary>
    public int MessageBurst { get; set; } = 40;

    /// <summary>
    /// In a cluster, how long a room's feed keeps trying to resubscribe when the silo that carried the room's stream
    /// is gone (crashed, stopped, or the room moved) before its sessions are cut off with UNAVAILABLE to resume
    /// themselves. Default 30 seconds (longer than the membership's default death timeout, 10 s).
    /// </summary>
    public TimeSpan StreamResumeTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The most messages one SendBatch call may carry. Default 1000.</summary>
    public int MaxBatchMessages { get; set; } = 1000;

    /// <summary>
    /// When not empty, only these user ids may connect (<c>--allow-users alice,bob</c>); anyone else gets
    /// PERMISSION_DENIED. Empty (the default) admits any valid user id, or any valid token's subject.
    /// </summary>
    public IList<string> AllowUsers { get; set; } = [];

    /// <summary>
    /// When set, identity comes only from HMAC-SHA256 tokens signed with this secret (<c>--token-secret</c>),
    /// see <see cref="Auth.TokenIssuer"/>; a missing or wrong token gets UNAUTHENTICATED. Default null (no tokens).
    /// </summary>
    public string? TokenSecret { get; set; }

    /// <summary>The version reported in Welcome.</summary>
    public string ServerVersion { get; set; } = typeof(GatewayOptions).Assembly.GetName().Version?.ToString(3) ?? "1.0.0";
}

namespace OrleansChat.Cli.Session;

/// <summary>What the session says in <c>Hello</c>; display name and avatar change with /nick and /avatar
/// so a reconnect does not put the old ones back.</summary>
internal sealed record SessionIdentity(string UserId, string? DisplayName, string? Avatar, string? Token);

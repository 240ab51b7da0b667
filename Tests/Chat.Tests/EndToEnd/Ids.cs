namespace OrleansChat.Chat.Tests.EndToEnd;

/// <summary>
/// Unique room and user ids, so tests sharing one server never see each other's rooms nor share a user's
/// state (profile, idempotency keys, the per-user message rate limit).
/// </summary>
internal static class Ids
{
    public static string Room(string purpose) => $"{purpose}-{Guid.NewGuid():N}"[..Math.Min(64, purpose.Length + 13)];

    /// <summary>A user id that reads as <paramref name="name"/>, e.g. <c>alice-1f3a9c2e</c>.</summary>
    public static string User(string name) => $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)];

    public static string[] Users(params string[] names) => [.. names.Select(User)];
}

namespace OrleansChat.Chat.Tests.EndToEnd;

/// <summary>Shared constants of the end-to-end tests.</summary>
internal static class E2E
{
    /// <summary>Every end-to-end test is bounded (xunit fails it after this long).</summary>
    public const int TestTimeoutMs = 60_000;
}

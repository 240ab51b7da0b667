namespace OrleansChat.Gateway.Limits;

/// <summary>Typing notices are best effort: beyond a few per second they are dropped, never refused.</summary>
internal static class TypingLimits
{
    public const int Burst = 5;

    public const double PerSecond = 2;
}

namespace OrleansChat.Cli.App;

internal static class ExitCodes
{
    /// <summary>Everything sent was acknowledged.</summary>
    public const int Success = 0;

    /// <summary>The server could not be reached, refused the session or a message, or did not acknowledge in time.</summary>
    public const int Failure = 1;

    /// <summary>Stopped by Ctrl-C or SIGTERM before finishing (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;
}

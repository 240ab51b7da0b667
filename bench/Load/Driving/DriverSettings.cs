namespace OrleansChat.Bench.Load.Driving;

/// <summary>How the <see cref="TrafficDriver"/> shapes messages and bounds what is in flight.</summary>
/// <param name="TextBytes">Size of each message text (the stamp, then padding).</param>
/// <param name="MaxInFlight">Open loop: sends are skipped (and counted) while this many messages are incomplete, so
/// the run never overruns the server's per-session queue and gets its clients cut off.</param>
/// <param name="DrainTimeout">How long to wait after a phase for its messages to arrive before giving up on them.</param>
internal sealed record DriverSettings(int TextBytes, int MaxInFlight, TimeSpan DrainTimeout);

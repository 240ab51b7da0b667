namespace OrleansChat.Grpc.Tests.Interop;

/// <summary>Reads the interop server's console log (simple console format, one line per entry).</summary>
internal static class ServerLog
{
    /// <summary>Whether any entry is at Error (<c>fail:</c>) or Critical (<c>crit:</c>) level.</summary>
    public static bool HasErrors(string log)
        => log.Contains(" fail: ", StringComparison.Ordinal) || log.Contains(" crit: ", StringComparison.Ordinal);
}

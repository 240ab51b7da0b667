namespace OrleansChat.Chat.Tests.EndToEnd;

/// <summary>Command-line options for one server process.</summary>
/// <param name="DataDirectory">The --data directory; null makes a fresh temporary one that the process owns.</param>
/// <param name="History">--history (the room history depth); null keeps the server's default (50).</param>
/// <param name="AllowUsers">--allow-users (comma-separated); null runs in open mode.</param>
/// <param name="TokenSecret">--token-secret: identity only from tokens signed with it; null runs without tokens.</param>
/// <param name="Extra">More arguments, e.g. a cluster role.</param>
/// <param name="WebPort">--web-port; 0 (the default here) turns the browsers' port off, so servers never compete for 8080.</param>
internal sealed record ServerOptions(string? DataDirectory = null, int? History = null, string? AllowUsers = null, string? TokenSecret = null, IReadOnlyList<string>? Extra = null, int WebPort = 0)
{
    public IEnumerable<string> Arguments(string dataDirectory)
    {
        yield return "--port";
        yield return "0";
        yield return "--web-port";
        yield return WebPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        yield return "--data";
        yield return dataDirectory;
        if (History is { } history)
        {
            yield return "--history";
            yield return history.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (AllowUsers is { } allow)
        {
            yield return "--allow-users";
            yield return allow;
        }

        if (TokenSecret is { } secret)
        {
            yield return "--token-secret";
            yield return secret;
        }

        foreach (var argument in Extra ?? [])
        {
            yield return argument;
        }

        yield return "--log-level";
        yield return "Warning";
    }
}

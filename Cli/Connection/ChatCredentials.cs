using Grpc.Core;

namespace OrleansChat.Cli.Connection;

/// <summary>Who the calls are made for: the bearer token when there is one, else <c>x-user-id</c>
/// (the server's allow-list mode). The server decides identity; this only presents it.</summary>
internal sealed record ChatCredentials(string UserId, string? Token)
{
    public const string UserIdHeader = "x-user-id";
    public const string AuthorizationHeader = "authorization";

    public Metadata ToMetadata()
    {
        var metadata = new Metadata { { UserIdHeader, UserId } };
        if (!string.IsNullOrEmpty(Token))
        {
            metadata.Add(AuthorizationHeader, "Bearer " + Token);
        }

        return metadata;
    }
}

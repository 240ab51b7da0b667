namespace OrleansChat.Chat.Tests.EndToEnd;

/// <summary>A server started with <c>--token-secret</c>: identity only from HMAC-signed tokens.</summary>
public sealed class TokenServerFixture : ServerFixture
{
    public const string Secret = "e2e-token-secret-0123456789";

    internal override ServerOptions Options => new(TokenSecret: Secret);
}

using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OrleansChat.Grains.Validation;

namespace OrleansChat.Gateway.Auth;

/// <summary>
/// Mints and checks access tokens: <c>base64url(payload) + "." + base64url(HMAC-SHA256(secret, base64url(payload)))</c>
/// where the payload is the JSON object <c>{"sub":"alice","exp":1767225600}</c> (exp in Unix seconds).
/// The subject becomes the user id. Operators mint tokens with <c>dotnet run --project Silo -- token alice --token-secret …</c>.
/// </summary>
public sealed class TokenIssuer
{
    private readonly byte[] _key;
    private readonly TimeProvider _time;

    /// <summary>Creates an issuer for a secret (UTF-8 bytes are the HMAC key).</summary>
    public TokenIssuer(string secret, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        _key = Encoding.UTF8.GetBytes(secret);
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Mints a token for <paramref name="userId"/> that expires after <paramref name="lifetime"/>.</summary>
    public string Issue(string userId, TimeSpan lifetime)
    {
        if (ChatValidation.CheckUserId(userId) is { } problem)
        {
            throw new ArgumentException("The user id " + problem + ".", nameof(userId));
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        var expires = _time.GetUtcNow().Add(lifetime).ToUnixTimeSeconds();
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("sub", userId);
            writer.WriteNumber("exp", expires);
            writer.WriteEndObject();
        }

        var payload = Base64Url.EncodeToString(buffer.ToArray());
        return payload + "." + Base64Url.EncodeToString(Sign(payload));
    }

    /// <summary>Checks the signature and expiry; on success returns the subject.</summary>
    /// <param name="token">The token.</param>
    /// <param name="userId">The subject when valid.</param>
    /// <param name="error">Why the token is refused when invalid.</param>
    public bool TryValidate(string token, out string userId, out string error)
    {
        userId = string.Empty;
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == token.Length - 1 || token.IndexOf('.', dot + 1) >= 0)
        {
            error = "the token is malformed";
            return false;
        }

        var payloadPart = token[..dot];
        byte[] signature;
        byte[] payload;
        try
        {
            signature = Base64Url.DecodeFromChars(token.AsSpan(dot + 1));
            payload = Base64Url.DecodeFromChars(payloadPart);
        }
        catch (FormatException)
        {
            error = "the token is malformed";
            return false;
        }

        if (!CryptographicOperations.FixedTimeEquals(signature, Sign(payloadPart)))
        {
            error = "the token signature is invalid";
            return false;
        }

        string? subject = null;
        long? expires = null;
        try
        {
            using var document = JsonDocument.Parse(payload);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                if (document.RootElement.TryGetProperty("sub", out var sub) && sub.ValueKind == JsonValueKind.String)
                {
                    subject = sub.GetString();
                }

                if (document.RootElement.TryGetProperty("exp", out var exp) && exp.TryGetInt64(out var seconds))
                {
                    expires = seconds;
                }
            }
        }
        catch (JsonException)
        {
            error = "the token payload is not JSON";
            return false;
        }

        if (subject is null || ChatValidation.CheckUserId(subject) is not null)
        {
            error = "the token has no valid subject";
            return false;
        }

        if (expires is null || expires.Value <= _time.GetUtcNow().ToUnixTimeSeconds())
        {
            error = "the token has expired";
            return false;
        }

        userId = subject;
        error = string.Empty;
        return true;
    }

    private byte[] Sign(string payloadPart) => HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(payloadPart));
}

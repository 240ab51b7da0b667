namespace OrleansChat.Cli;

/// <summary>The id rules of chat.proto, checked locally so a typo gets a precise message before any call.</summary>
internal static class Identifiers
{
    public const int MaxUserIdLength = 32;
    public const int MaxRoomIdLength = 64;
    public const int MaxDisplayNameLength = 64;

    /// <summary>Returns an error sentence, or null when the user id is valid.</summary>
    public static string? ValidateUserId(string userId)
        => Validate("user id", userId, MaxUserIdLength);

    /// <summary>Returns an error sentence, or null when the room id (with or without a leading '#') is valid.</summary>
    public static string? ValidateRoomId(string roomId)
        => Validate("room name", NormalizeRoomId(roomId), MaxRoomIdLength);

    /// <summary>Accepts "#general" for "general".</summary>
    public static string NormalizeRoomId(string roomId)
        => roomId.StartsWith('#') ? roomId[1..] : roomId;

    private static string? Validate(string what, string value, int maxLength)
    {
        if (value.Length is 0 || value.Length > maxLength)
        {
            return $"invalid {what} '{value}': use 1-{maxLength} letters, digits, '-', '_' or '.'";
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                return $"invalid {what} '{value}': use 1-{maxLength} letters, digits, '-', '_' or '.'";
            }
        }

        return null;
    }
}

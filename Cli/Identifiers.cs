namespace OrleansChat.Cli;

/// <summary>The id rules of chat.proto, checked locally so a typo gets a precise message before any call.</summary>
internal static class Identifiers
{
    public const int MaxUserIdLength = 128;
    public const int MaxRoomIdLength = 64;
    public const int MaxDisplayNameLength = 64;

    /// <summary>Returns an error sentence, or null when the user id is valid.</summary>
    public static string? ValidateUserId(string userId)
        => Validate("user id", userId, MaxUserIdLength, "'-', '_', '.', '@' or '+'", c => c is '-' or '_' or '.' or '@' or '+');

    /// <summary>Returns an error sentence, or null when the room id (with or without a leading '#') is valid.</summary>
    public static string? ValidateRoomId(string roomId)
        => Validate("room name", NormalizeRoomId(roomId), MaxRoomIdLength, "'-', '_' or '.'", c => c is '-' or '_' or '.');

    /// <summary>Accepts "#general" for "general".</summary>
    public static string NormalizeRoomId(string roomId)
        => roomId.StartsWith('#') ? roomId[1..] : roomId;

    private static string? Validate(string what, string value, int maxLength, string symbols, Func<char, bool> isAllowedSymbol)
    {
        var valid = value.Length > 0 && value.Length <= maxLength && value.All(c => char.IsAsciiLetterOrDigit(c) || isAllowedSymbol(c));
        return valid ? null : $"invalid {what} '{value}': use 1-{maxLength} letters, digits, {symbols}";
    }
}

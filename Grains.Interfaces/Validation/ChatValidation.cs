using System.Globalization;
using System.Text;

namespace OrleansChat.Grains.Validation;

/// <summary>
/// The rules for identifiers, names, avatars and message text, shared by the gateway (which answers
/// INVALID_ARGUMENT naming the field) and the grains (which re-check what they store).
/// Each check returns null when the value is valid, otherwise a sentence saying what is wrong.
/// </summary>
public static class ChatValidation
{
    /// <summary>The longest room id.</summary>
    public const int MaxRoomIdLength = 64;

    /// <summary>The longest user id: room for UUIDs and e-mail-like ids that clients generate.</summary>
    public const int MaxUserIdLength = 128;

    /// <summary>The longest display name, in characters (Unicode scalar values).</summary>
    public const int MaxDisplayNameLength = 64;

    /// <summary>The longest avatar URL.</summary>
    public const int MaxAvatarUrlLength = 512;

    /// <summary>The longest client message id.</summary>
    public const int MaxClientMessageIdLength = 128;

    /// <summary>1-64 characters: letters, digits, '-', '_', '.'.</summary>
    public static string? CheckRoomId(string? roomId) => CheckIdentifier(roomId, MaxRoomIdLength, allowEmailSymbols: false);

    /// <summary>1-128 characters: letters, digits, '-', '_', '.', '@', '+' (UUIDs, e-mail-like ids).</summary>
    public static string? CheckUserId(string? userId) => CheckIdentifier(userId, MaxUserIdLength, allowEmailSymbols: true);

    /// <summary>1-64 characters, not blank, no control characters.</summary>
    public static string? CheckDisplayName(string? displayName)
    {
        if (string.IsNullOrWhiteSpace(displayName))
        {
            return "must not be empty";
        }

        var length = 0;
        foreach (var rune in displayName.EnumerateRunes())
        {
            if (IsControl(rune))
            {
                return "must not contain control characters";
            }

            length++;
        }

        return length > MaxDisplayNameLength ? "must be at most " + MaxDisplayNameLength + " characters" : null;
    }

    /// <summary>Empty (no avatar), one emoji, or an http(s) URL of at most 512 characters.</summary>
    public static string? CheckAvatar(string? avatar)
    {
        if (string.IsNullOrEmpty(avatar))
        {
            return null;
        }

        if (avatar.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
            || avatar.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            if (avatar.Length > MaxAvatarUrlLength)
            {
                return "URL must be at most " + MaxAvatarUrlLength + " characters";
            }

            return Uri.TryCreate(avatar, UriKind.Absolute, out var uri)
                && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
                && !string.IsNullOrEmpty(uri.Host)
                && !avatar.Any(char.IsWhiteSpace)
                ? null
                : "must be a valid http(s) URL";
        }

        return IsSingleEmoji(avatar) ? null : "must be one emoji or an http(s) URL";
    }

    /// <summary>Not blank, at most <paramref name="maxBytes"/> bytes of UTF-8, no control characters other than newlines and tabs.</summary>
    public static string? CheckText(string? text, int maxBytes)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "must not be empty";
        }

        if (Encoding.UTF8.GetByteCount(text) > maxBytes)
        {
            return "must be at most " + maxBytes + " bytes of UTF-8";
        }

        foreach (var rune in text.EnumerateRunes())
        {
            if (IsControl(rune) && rune.Value is not ('\n' or '\r' or '\t'))
            {
                return "must not contain control characters";
            }
        }

        return null;
    }

    /// <summary>Empty, or at most 128 characters without control characters.</summary>
    public static string? CheckClientMessageId(string? clientMessageId)
    {
        if (string.IsNullOrEmpty(clientMessageId))
        {
            return null;
        }

        if (clientMessageId.Length > MaxClientMessageIdLength)
        {
            return "must be at most " + MaxClientMessageIdLength + " characters";
        }

        return clientMessageId.Any(char.IsControl) ? "must not contain control characters" : null;
    }

    private static string? CheckIdentifier(string? value, int maxLength, bool allowEmailSymbols)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "is required";
        }

        if (value.Length > maxLength)
        {
            return "must be at most " + maxLength + " characters";
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' || (allowEmailSymbols && c is '@' or '+')))
            {
                return allowEmailSymbols
                    ? "may contain only letters, digits, '-', '_', '.', '@' and '+'"
                    : "may contain only letters, digits, '-', '_' and '.'";
            }
        }

        return null;
    }

    private static bool IsControl(Rune rune)
    {
        var category = Rune.GetUnicodeCategory(rune);
        return category is UnicodeCategory.Control or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
    }

    private static bool IsSingleEmoji(string value)
    {
        if (StringInfo.ParseCombiningCharacters(value).Length != 1)
        {
            return false;
        }

        var hasSymbol = false;
        foreach (var rune in value.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category == UnicodeCategory.OtherSymbol || rune.Value == 0x20E3)
            {
                hasSymbol = true;
            }
            else if (category is UnicodeCategory.Control or UnicodeCategory.LetterNumber or UnicodeCategory.SpaceSeparator
                     or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate)
            {
                return false;
            }
        }

        return hasSymbol;
    }
}

using System.Globalization;
using System.Text;

namespace OrleansChat.Cli.Output;

/// <summary>How many terminal columns text takes: 0 for combining marks and joiners, 2 for East Asian wide
/// characters and emoji, 1 otherwise (a compact wcwidth).</summary>
internal static class TextWidth
{
    public static int Of(string text)
    {
        var width = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            width += Of(rune);
        }

        return width;
    }

    public static int Of(Rune rune)
    {
        var value = rune.Value;
        if (value == 0x200D || value is >= 0xFE00 and <= 0xFE0F || value is >= 0xE0100 and <= 0xE01EF)
        {
            return 0;
        }

        switch (Rune.GetUnicodeCategory(rune))
        {
            case UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format:
                return 0;
            case UnicodeCategory.Control:
                return 0;
        }

        return IsWide(value) ? 2 : 1;
    }

    private static bool IsWide(int c) =>
        c is >= 0x1100 and <= 0x115F            // Hangul Jamo
        or >= 0x231A and <= 0x231B              // watch, hourglass
        or >= 0x2329 and <= 0x232A
        or >= 0x23E9 and <= 0x23EC
        or 0x23F0 or 0x23F3
        or >= 0x25FD and <= 0x25FE
        or >= 0x2614 and <= 0x2615
        or >= 0x2648 and <= 0x2653
        or 0x267F or 0x2693 or 0x26A1 or 0x26AA or 0x26AB or 0x26BD or 0x26BE or 0x26C4 or 0x26C5 or 0x26CE or 0x26D4 or 0x26EA
        or 0x26F2 or 0x26F3 or 0x26F5 or 0x26FA or 0x26FD or 0x2705 or 0x270A or 0x270B or 0x2728 or 0x274C or 0x274E
        or >= 0x2753 and <= 0x2755
        or 0x2757
        or >= 0x2795 and <= 0x2797
        or 0x27B0 or 0x27BF or 0x2B1B or 0x2B1C or 0x2B50 or 0x2B55
        or >= 0x2E80 and <= 0x303E              // CJK radicals, punctuation
        or >= 0x3041 and <= 0x33FF              // kana, CJK symbols
        or >= 0x3400 and <= 0x4DBF              // CJK extension A
        or >= 0x4E00 and <= 0x9FFF              // CJK unified ideographs
        or >= 0xA000 and <= 0xA4CF              // Yi
        or >= 0xAC00 and <= 0xD7A3              // Hangul syllables
        or >= 0xF900 and <= 0xFAFF              // CJK compatibility ideographs
        or >= 0xFE30 and <= 0xFE4F
        or >= 0xFF00 and <= 0xFF60              // fullwidth forms
        or >= 0xFFE0 and <= 0xFFE6
        or >= 0x1F004 and <= 0x1F004
        or 0x1F0CF or 0x1F18E
        or >= 0x1F191 and <= 0x1F19A
        or >= 0x1F200 and <= 0x1F251
        or >= 0x1F300 and <= 0x1F64F            // pictographs, emoticons
        or >= 0x1F680 and <= 0x1F6FF            // transport and map
        or >= 0x1F7E0 and <= 0x1F7EB
        or >= 0x1F90C and <= 0x1F9FF            // supplemental symbols and pictographs
        or >= 0x1FA70 and <= 0x1FAFF
        or >= 0x20000 and <= 0x3FFFD;           // CJK extensions B and later
}

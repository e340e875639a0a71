namespace Gvm.Reasoning.Tokenizers;

/// <summary>
/// The GPT-2 byte-to-unicode alphabet used by byte-level BPE vocabularies: the 188 printable bytes map to themselves
/// ('!'..'~', '¡'..'¬', '®'..'ÿ'), the other 68 to U+0100.. in byte order (so space is 'Ġ' and newline 'Ċ').
/// Every vocabulary entry is a string over this alphabet.
/// </summary>
public static class ByteLevelAlphabet
{
    private static readonly char[] ByteToChar = Build();
    private static readonly short[] CharToByte = BuildInverse();

    /// <summary>The alphabet character of a byte.</summary>
    public static char ToChar(byte b) => ByteToChar[b];

    /// <summary>The byte an alphabet character stands for, or -1 when the character is not in the alphabet.</summary>
    public static int ToByte(char c) => c < CharToByte.Length ? CharToByte[c] : -1;

    /// <summary>The alphabet string of a byte sequence.</summary>
    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        return string.Create(bytes.Length, bytes.ToArray(), static (span, src) =>
        {
            for (var i = 0; i < src.Length; i++) span[i] = ByteToChar[src[i]];
        });
    }

    /// <summary>The bytes of an alphabet string, or null when a character is outside the alphabet.</summary>
    public static byte[]? TryDecode(string token)
    {
        var bytes = new byte[token.Length];
        for (var i = 0; i < token.Length; i++)
        {
            var b = ToByte(token[i]);
            if (b < 0) return null;
            bytes[i] = (byte)b;
        }
        return bytes;
    }

    private static char[] Build()
    {
        var map = new char[256];
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            var printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            map[b] = printable ? (char)b : (char)next++;
        }
        return map;
    }

    private static short[] BuildInverse()
    {
        var inverse = new short[512];
        Array.Fill(inverse, (short)-1);
        for (var b = 0; b < 256; b++) inverse[ByteToChar[b]] = (short)b;
        return inverse;
    }
}

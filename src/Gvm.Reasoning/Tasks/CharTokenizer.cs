namespace Gvm.Reasoning.Tasks;

/// <summary>
/// Character-level tokenizer of the built-in task: ids 0-2 are &lt;pad&gt;, &lt;bos&gt;, &lt;eos&gt;, then one id per
/// character of the alphabet (digits, "+-=;" and the characters of "\boxed{}").
/// </summary>
public sealed class CharTokenizer
{
    public const int PadId = 0, BosId = 1, EosId = 2;
    public const string DefaultAlphabet = "0123456789+-=;\\boxed{}";

    private readonly Dictionary<char, int> _ids;
    private readonly string _alphabet;

    public CharTokenizer(string alphabet = DefaultAlphabet)
    {
        ArgumentException.ThrowIfNullOrEmpty(alphabet);
        _alphabet = alphabet;
        _ids = new Dictionary<char, int>();
        for (var i = 0; i < alphabet.Length; i++)
        {
            if (!_ids.TryAdd(alphabet[i], i + 3))
                throw new ArgumentException($"duplicate character '{alphabet[i]}' in alphabet", nameof(alphabet));
        }
    }

    public int VocabSize => _alphabet.Length + 3;

    public string Alphabet => _alphabet;

    public int[] Encode(string text)
    {
        var ids = new int[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            ids[i] = _ids.TryGetValue(text[i], out var id)
                ? id
                : throw new ArgumentException($"character '{text[i]}' at {i} is not in the tokenizer alphabet", nameof(text));
        }
        return ids;
    }

    /// <summary>Decodes ids, stopping at the first &lt;eos&gt; and skipping &lt;pad&gt;/&lt;bos&gt;.</summary>
    public string Decode(IEnumerable<int> ids)
    {
        var chars = new List<char>();
        foreach (var id in ids)
        {
            if (id == EosId) break;
            if (id is PadId or BosId) continue;
            var k = id - 3;
            if (k < 0 || k >= _alphabet.Length) throw new ArgumentOutOfRangeException(nameof(ids), $"token id {id} is outside the vocabulary");
            chars.Add(_alphabet[k]);
        }
        return new string(chars.ToArray());
    }
}

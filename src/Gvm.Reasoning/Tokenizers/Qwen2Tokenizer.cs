using System.Collections.Concurrent;
using System.Text;

namespace Gvm.Reasoning.Tokenizers;

/// <summary>
/// The Qwen2 / Qwen2.5 byte-level BPE tokenizer (SOURCES.md "Pipeline"): (1) cut out added tokens, (2) NFC,
/// (3) <see cref="Qwen2PreTokenizer"/>, (4) UTF-8 bytes → byte alphabet ids → <see cref="BytePairMerge"/>.
/// No BOS/EOS is added. Thread-safe: the only mutable state is the pre-token cache.
/// Load with <see cref="Qwen2TokenizerLoader.Load"/>.
/// </summary>
public sealed class Qwen2Tokenizer
{
    /// <summary>Pre-tokens longer than this (UTF-16 units) are not cached.</summary>
    public const int MaxCachedPieceLength = 64;

    /// <summary>The cache stops growing at this many pre-tokens (a bounded memory cost of a few MB).</summary>
    public const int CacheCapacity = 200_000;

    private readonly string?[] _idToToken;
    private readonly byte[]?[] _idToBytes;
    private readonly bool[] _isSpecial;
    private readonly Dictionary<string, int> _tokenToId;
    private readonly int[] _byteToId = new int[256];
    private readonly MergeTable _merges;
    private readonly AddedTokenMatcher _addedMatcher;
    private readonly ConcurrentDictionary<string, int[]> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> _cacheBySpan;
    private int _cacheCount; // ConcurrentDictionary.Count takes every lock; this counter is cheap

    /// <summary>Builds a tokenizer from a vocabulary (byte-alphabet strings → ids), ranked merges and added tokens.</summary>
    public Qwen2Tokenizer(IReadOnlyDictionary<string, int> vocabulary, MergeTable merges, IReadOnlyList<AddedToken> addedTokens)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(addedTokens);
        _merges = merges ?? throw new ArgumentNullException(nameof(merges));
        VocabularySize = vocabulary.Count;
        var size = Math.Max(vocabulary.Values.DefaultIfEmpty(-1).Max(), addedTokens.Select(t => t.Id).DefaultIfEmpty(-1).Max()) + 1;
        _idToToken = new string?[size];
        _idToBytes = new byte[]?[size];
        _isSpecial = new bool[size];
        _tokenToId = new Dictionary<string, int>(vocabulary.Count + addedTokens.Count, StringComparer.Ordinal);
        foreach (var (token, id) in vocabulary)
        {
            _idToToken[id] = token;
            _idToBytes[id] = ByteLevelAlphabet.TryDecode(token);
            _tokenToId[token] = id;
        }
        for (var b = 0; b < 256; b++)
        {
            var ch = ByteLevelAlphabet.ToChar((byte)b).ToString();
            _byteToId[b] = vocabulary.TryGetValue(ch, out var id)
                ? id
                : throw new ArgumentException($"vocabulary lacks the byte token '{ch}' (byte 0x{b:X2}); byte-level BPE needs all 256", nameof(vocabulary));
        }
        foreach (var t in addedTokens)
        {
            _idToToken[t.Id] = t.Content;
            _idToBytes[t.Id] = Encoding.UTF8.GetBytes(t.Content);
            _isSpecial[t.Id] = t.Special;
            _tokenToId[t.Content] = t.Id;
        }
        AddedTokens = addedTokens;
        _addedMatcher = new AddedTokenMatcher(addedTokens);
        _cacheBySpan = _cache.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Loads the tokenizer files of a model or tokenizer directory (see <see cref="Qwen2TokenizerLoader"/>).</summary>
    public static Qwen2Tokenizer Load(string directory) => Qwen2TokenizerLoader.Load(directory);

    /// <summary>Regular (BPE) tokens: ids 0..VocabularySize-1 for Qwen2.</summary>
    public int VocabularySize { get; }

    /// <summary>One past the highest defined id (regular and added tokens).</summary>
    public int TokenCount => _idToToken.Length;

    public IReadOnlyList<AddedToken> AddedTokens { get; }

    public int MergeCount => _merges.Count;

    /// <summary>The id of a token string (byte-alphabet form for regular tokens), or null.</summary>
    public int? TokenToId(string token) => _tokenToId.TryGetValue(token, out var id) ? id : null;

    /// <summary>The token string of an id (byte-alphabet form for regular tokens), or null when undefined.</summary>
    public string? IdToToken(int id) => (uint)id < (uint)_idToToken.Length ? _idToToken[id] : null;

    /// <summary>The id of an added token such as <c>&lt;|im_end|&gt;</c>; throws when the tokenizer lacks it.</summary>
    public int RequireAddedTokenId(string content) =>
        AddedTokens.FirstOrDefault(t => t.Content == content)?.Id
        ?? throw new KeyNotFoundException($"tokenizer has no added token '{content}'");

    /// <summary>Encodes text to ids (no special tokens are added).</summary>
    public int[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int>(text.Length / 3 + 4);
        Encode(text, ids);
        return ids.ToArray();
    }

    /// <summary>Appends the ids of <paramref name="text"/> to <paramref name="output"/>.</summary>
    /// <param name="splitAddedTokens">When false, added-token strings in the text are encoded as plain text.</param>
    public void Encode(ReadOnlySpan<char> text, List<int> output, bool splitAddedTokens = true)
    {
        ArgumentNullException.ThrowIfNull(output);
        var pos = 0;
        while (pos < text.Length)
        {
            var (index, token) = splitAddedTokens ? _addedMatcher.FindNext(text, pos) : (-1, null);
            EncodeOrdinary(text[pos..(index < 0 ? text.Length : index)], output);
            if (token is null) break;
            output.Add(token.Id);
            pos = index + token.Content.Length;
        }
    }

    /// <summary>Decodes ids to text. Invalid UTF-8 becomes U+FFFD (HF errors="replace"); undefined ids are skipped.</summary>
    public string Decode(ReadOnlySpan<int> ids, bool skipSpecialTokens = false)
    {
        var bytes = new List<byte>(ids.Length * 4);
        foreach (var id in ids)
        {
            if ((uint)id >= (uint)_idToBytes.Length || _idToBytes[id] is not { } tokenBytes) continue;
            if (skipSpecialTokens && _isSpecial[id]) continue;
            bytes.AddRange(tokenBytes);
        }
        return Encoding.UTF8.GetString(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bytes));
    }

    /// <summary>Drops the pre-token cache (for cold-cache benchmarks).</summary>
    public void ClearCache()
    {
        _cache.Clear();
        Interlocked.Exchange(ref _cacheCount, 0);
    }

    private void EncodeOrdinary(ReadOnlySpan<char> segment, List<int> output)
    {
        if (segment.IsEmpty) return;
        var text = UnicodeNfc.Normalize(segment);
        for (var pos = 0; pos < text.Length;)
        {
            var end = Qwen2PreTokenizer.NextEnd(text, pos);
            EncodePiece(text[pos..end], output);
            pos = end;
        }
    }

    private void EncodePiece(ReadOnlySpan<char> piece, List<int> output)
    {
        if (_cacheBySpan.TryGetValue(piece, out var cached))
        {
            output.AddRange(cached);
            return;
        }
        var maxBytes = Encoding.UTF8.GetMaxByteCount(piece.Length);
        Span<byte> bytes = maxBytes <= 512 ? stackalloc byte[maxBytes] : new byte[maxBytes];
        var byteCount = Encoding.UTF8.GetBytes(piece, bytes); // lone surrogates become U+FFFD
        Span<int> ids = byteCount <= 512 ? stackalloc int[byteCount] : new int[byteCount];
        for (var i = 0; i < byteCount; i++) ids[i] = _byteToId[bytes[i]];
        var count = BytePairMerge.Merge(ids, _merges);
        var result = ids[..count].ToArray();
        if (piece.Length <= MaxCachedPieceLength && Volatile.Read(ref _cacheCount) < CacheCapacity && _cacheBySpan.TryAdd(piece, result))
            Interlocked.Increment(ref _cacheCount);
        output.AddRange(result);
    }
}

using System.Text;
using Gvm.Reasoning.Tokenizers;

namespace Gvm.Reasoning.Tests.Tokenizers;

public class BytePairMergeTests
{
    // Toy vocabulary: a=0 b=1 c=2 ab=3 bc=4 abc=5 aa=6; merges ranked a+b, b+c, ab+c, a+a.
    private static MergeTable Toy() => new(new Dictionary<long, MergeRule>
    {
        [MergeTable.Key(0, 1)] = new(0, 3),
        [MergeTable.Key(1, 2)] = new(1, 4),
        [MergeTable.Key(3, 2)] = new(2, 5),
        [MergeTable.Key(0, 0)] = new(3, 6),
    });

    [Theory]
    [InlineData(new[] { 0, 1, 2 }, new[] { 5 })] // a b c -> ab c -> abc
    [InlineData(new[] { 1, 2, 0, 1 }, new[] { 4, 3 })]
    [InlineData(new[] { 0, 0, 0 }, new[] { 6, 0 })] // ties merge leftmost first
    [InlineData(new[] { 0, 0, 0, 0 }, new[] { 6, 6 })]
    [InlineData(new[] { 2 }, new[] { 2 })]
    public void Scan_and_queue_merge_by_rank_leftmost_first(int[] input, int[] expected)
    {
        var scan = (int[])input.Clone();
        var queue = (int[])input.Clone();
        Assert.Equal(expected, scan.AsSpan(0, BytePairMerge.MergeByScan(scan, Toy())).ToArray());
        Assert.Equal(expected, queue.AsSpan(0, BytePairMerge.MergeByQueue(queue, Toy())).ToArray());
    }

    /// <summary>Loop versus queue on the real merges: random byte strings of many lengths.</summary>
    [Fact]
    public void Queue_equals_scan_on_the_real_merges()
    {
        var tokenizer = TokenizerTestData.Tokenizer;
        var merges = ReadMerges(tokenizer);
        var rng = new Random(7);
        string[] words = ["the", " the", "ing", " 1", "你好", "😀", "  ", "ab", "\n", "=", "ization", " Qwen"];
        for (var n = 0; n < 400; n++)
        {
            var sb = new StringBuilder();
            var count = rng.Next(1, 30);
            for (var i = 0; i < count; i++) sb.Append(words[rng.Next(words.Length)]);
            var ids = Encoding.UTF8.GetBytes(sb.ToString()).Select(b => tokenizer.TokenToId(ByteLevelAlphabet.ToChar(b).ToString())!.Value).ToArray();
            var scan = (int[])ids.Clone();
            var queue = (int[])ids.Clone();
            Assert.Equal(scan.AsSpan(0, BytePairMerge.MergeByScan(scan, merges)).ToArray(),
                queue.AsSpan(0, BytePairMerge.MergeByQueue(queue, merges)).ToArray());
        }
    }

    [Fact]
    public void Merging_never_grows_and_preserves_the_bytes()
    {
        var tokenizer = TokenizerTestData.Tokenizer;
        var text = string.Concat(Enumerable.Repeat("aaaa bbbb 😀😀 ", 20)); // > ScanLimit bytes: the queue path
        var ids = tokenizer.Encode(text);
        Assert.True(ids.Length < Encoding.UTF8.GetByteCount(text));
        Assert.Equal(text, tokenizer.Decode(ids));
    }

    private static MergeTable ReadMerges(Qwen2Tokenizer tokenizer)
    {
        var dir = TokenizerTestData.SharedTokenizerDirectory;
        var rules = new Dictionary<long, MergeRule>();
        var rank = 0;
        foreach (var line in File.ReadLines(Path.Combine(dir, "merges.txt")))
        {
            var parts = line.Split(' ');
            rules.TryAdd(MergeTable.Key(tokenizer.TokenToId(parts[0])!.Value, tokenizer.TokenToId(parts[1])!.Value),
                new MergeRule(rank++, tokenizer.TokenToId(parts[0] + parts[1])!.Value));
        }
        return new MergeTable(rules);
    }
}

using Gvm.Core.IO;
using Gvm.Training.Checkpoints;
using Gvm.Training.Model;

namespace Gvm.Training.Tests.Eval;

/// <summary>
/// A tiny random Qwen2 checkpoint in Hugging Face layout with the real Qwen2 tokenizer files: config.json,
/// model.safetensors and vocab.json + merges.txt copied from shared/. The vocabulary is the real 151,936 rows;
/// hidden size 16 and tied embeddings keep the weights at 2.4M parameters (9.7 MB as F32), written to a temp directory.
/// </summary>
internal sealed class TinyHfModel : IDisposable
{
    public TinyHfModel(ulong seed = 3)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("gvm-tiny-qwen2-").FullName;
        var config = new Qwen2Config
        {
            VocabSize = 151_936, HiddenSize = 16, IntermediateSize = 32, NumHiddenLayers = 1, NumAttentionHeads = 2,
            NumKeyValueHeads = 1, TieWordEmbeddings = true, MaxPositionEmbeddings = 1024, BosTokenId = 151_643, EosTokenId = 151_643,
        };
        using (var model = Qwen2ForCausalLM.Create(config, seed)) HfCheckpoint.Save(model, Directory);
        var tokenizer = RepoPaths.RequireShared("data/tokenizers/qwen2");
        File.Copy(Path.Combine(tokenizer, "vocab.json"), Path.Combine(Directory, "vocab.json"));
        File.Copy(Path.Combine(tokenizer, "merges.txt"), Path.Combine(Directory, "merges.txt"));
    }

    public string Directory { get; }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}

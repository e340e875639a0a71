namespace Gvm.Training.Checkpoints;

/// <summary>A checkpoint that cannot be read or does not fit the model; the message names the file and tensor.</summary>
public sealed class CheckpointException : Exception
{
    public CheckpointException(string message) : base(message) { }
    public CheckpointException(string message, Exception inner) : base(message, inner) { }
}

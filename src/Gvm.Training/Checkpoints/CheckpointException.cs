namespace Gvm.Training.Checkpoints;

/// <summary>A checkpoint that cannot be read or does not fit the model; the message names the file and tensor.</summary>
public sealed class CheckpointException : Gvm.Core.Inputs.InputException
{
    public CheckpointException(string message) : base(null, 0, null, message) { }
    public CheckpointException(string message, Exception inner) : base(null, 0, null, message, inner) { }
}

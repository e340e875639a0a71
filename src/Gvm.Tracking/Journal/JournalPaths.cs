using System.Security.Cryptography;
using System.Text;
using Gvm.Core.Sweeps;

namespace Gvm.Tracking.Journal;

/// <summary>Files of the tracking journal under <c>SWEEP_DIR/tracking</c> (<see cref="SweepLayout.TrackingDir"/>).</summary>
public static class JournalPaths
{
    public const string SweepFile = "sweep.jsonl";
    public const string RunsDir = "runs";
    public const string PushDir = "push";

    public static string TrackingDir(string sweepDir) => Path.Combine(sweepDir, SweepLayout.TrackingDir);

    public static string Sweep(string sweepDir) => Path.Combine(TrackingDir(sweepDir), SweepFile);

    public static string Runs(string sweepDir) => Path.Combine(TrackingDir(sweepDir), RunsDir);

    /// <summary>The journal of one run; unusual characters in the key are replaced and a short hash keeps names unique.</summary>
    public static string Run(string sweepDir, string runKey) => Path.Combine(Runs(sweepDir), FileNameFor(runKey) + ".jsonl");

    /// <summary>Cursor and lock files of forwarding to one tracking URI.</summary>
    public static string PushState(string sweepDir, string displayUri) => Path.Combine(TrackingDir(sweepDir), PushDir, Hash(displayUri) + ".json");

    public static string FileNameFor(string runKey)
    {
        var safe = new string(runKey.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());
        return safe == runKey && safe.Length is > 0 and <= 100 && safe[0] != '.' ? safe : $"{safe[..Math.Min(safe.Length, 80)]}-{Hash(runKey)}";
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12];
}

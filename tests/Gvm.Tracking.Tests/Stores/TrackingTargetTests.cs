using Gvm.Core.Inputs;
using Gvm.Tracking.Stores;

namespace Gvm.Tracking.Tests.Stores;

/// <summary>The tracking target is parsed once at the command line, with MLFLOW_TRACKING_URI as its one fallback.</summary>
public class TrackingTargetTests
{
    private static Func<string, string?> Env(string? uri) => name => name == "MLFLOW_TRACKING_URI" ? uri : null;

    [Theory]
    [InlineData(null, TrackingTargetKind.JournalOnly)]
    [InlineData("  ", TrackingTargetKind.JournalOnly)]
    [InlineData("file:///tmp/mlruns", TrackingTargetKind.JournalOnly)]
    [InlineData("/tmp/mlruns", TrackingTargetKind.JournalOnly)]
    [InlineData("relative/dir", TrackingTargetKind.JournalOnly)]
    [InlineData("memory:", TrackingTargetKind.Memory)]
    [InlineData("http://127.0.0.1:5000", TrackingTargetKind.Mlflow)]
    [InlineData("HTTPS://mlflow.example.org/", TrackingTargetKind.Mlflow)]
    public void Kinds_by_scheme(string? text, TrackingTargetKind kind) => Assert.Equal(kind, TrackingTarget.Parse(text).Kind);

    [Fact]
    public void The_option_wins_and_the_environment_fills_in_when_it_is_absent()
    {
        Assert.Equal("http://a:1", TrackingTarget.Resolve("http://a:1", environment: Env("http://b:2")).Uri);
        Assert.Equal("http://b:2", TrackingTarget.Resolve(null, environment: Env("http://b:2")).Uri);
        Assert.Equal("http://b:2", TrackingTarget.Resolve("", environment: Env("http://b:2")).Uri);
        Assert.Same(TrackingTarget.JournalOnly, TrackingTarget.Resolve(null, environment: Env(null)));
    }

    [Fact]
    public void An_unsupported_scheme_is_an_input_error_naming_the_option()
    {
        var e = Assert.Throws<InputException>(() => TrackingTarget.Resolve("databricks://x", environment: Env(null)));
        Assert.Equal("--tracking-uri", e.Field);
        Assert.Contains("'databricks:'", e.Reason);
        var fromEnv = Assert.Throws<InputException>(() => TrackingTarget.Resolve(null, environment: Env("sqlite:///x.db")));
        Assert.Equal("MLFLOW_TRACKING_URI", fromEnv.Field);
    }

    [Fact]
    public void Credentials_are_kept_for_the_client_but_never_shown()
    {
        var t = TrackingTarget.Parse("http://ann:pw-secret@127.0.0.1:5000/");
        Assert.Contains("pw-secret", t.Uri);
        Assert.DoesNotContain("pw-secret", t.ToString());
        Assert.Equal("journal only", TrackingTarget.JournalOnly.ToString());
    }
}

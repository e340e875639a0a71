// Build state: every argument is read here once (Cake's --name=value form; Cake reserves some short names).
public sealed record BuildData(
    string Configuration,
    string ArtifactsDir,
    string Grid,
    string Backend,
    string TrackingUri,
    string SweepDir,
    string Parallel,
    string Gpus,
    string TorchBackend,
    string ImageBase,
    string TestFilter,
    bool FailFast)
{
    public static BuildData FromArguments(ICakeContext ctx)
    {
        var artifacts = ctx.MakeAbsolute(ctx.Directory("./artifacts")).FullPath;
        return new BuildData(
            Configuration: ctx.Argument("configuration", "Release"),
            ArtifactsDir: artifacts,
            Grid: ctx.Argument("grid", "experiments/smoke.yaml"),
            Backend: ctx.Argument("backend", "local"),
            TrackingUri: ctx.Argument("tracking-uri", ctx.EnvironmentVariable("MLFLOW_TRACKING_URI") ?? ""),
            SweepDir: ctx.Argument("sweep-dir", ""),
            Parallel: ctx.Argument("parallel", ""),
            Gpus: ctx.Argument("gpus", ""),
            TorchBackend: ctx.Argument("torch-backend", "cpu"),
            ImageBase: ctx.Argument("base", "offline"),
            TestFilter: ctx.Argument("test-filter", ""),
            FailFast: ctx.Argument("fail-fast", false));
    }
}

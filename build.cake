// GvmExperiments build script (cake.tool 7.0.0). Run through ./build.sh on a fresh machine, or
// `dotnet tool restore && dotnet cake --target=<Target> [--name=value ...]`.
// Arguments are read once into BuildData; tasks live in build/*.cake by capability; the real work is in `gvm`.
#load "build/data.cake"
#load "build/gvm.cake"
#load "build/test.cake"
#load "build/experiments.cake"
#load "build/reports.cake"
#load "build/images.cake"

var target = Argument("target", "Default");

Setup<BuildData>(ctx => BuildData.FromArguments(ctx));

Task("Clean")
    .Does<BuildData>(data =>
{
    CleanDirectories("./src/**/bin/" + data.Configuration);
    CleanDirectories("./src/**/obj");
    CleanDirectories("./tests/**/bin/" + data.Configuration);
    CleanDirectories("./tests/**/obj");
    CleanDirectory(data.ArtifactsDir);
});

Task("Restore")
    .Does(() => RunDotNet("restore GvmExperiments.sln"));

Task("Build")
    .IsDependentOn("Restore")
    .Does<BuildData>(data => RunDotNet($"build GvmExperiments.sln --no-restore -c {data.Configuration} -p:TorchBackend={data.TorchBackend}"));

Task("Default").IsDependentOn("Test");

RunTarget(target);

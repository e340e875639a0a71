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
    .Description("Deletes bin/ and obj/ of every project and the artifacts/ folder")
    .Does<BuildData>(data =>
{
    CleanDirectories("./src/**/bin/" + data.Configuration);
    CleanDirectories("./src/**/obj");
    CleanDirectories("./tests/**/bin/" + data.Configuration);
    CleanDirectories("./tests/**/obj");
    CleanDirectory(data.ArtifactsDir);
});

Task("Restore")
    .Description("Restores the NuGet packages of the solution")
    .Does(() => DotNetRestore("GvmExperiments.sln"));

Task("Build")
    .Description("Builds the solution (--configuration, default Release; --torch-backend=cpu|cuda)")
    .IsDependentOn("Restore")
    .Does<BuildData>(data => DotNetBuild("GvmExperiments.sln", new DotNetBuildSettings
    {
        Configuration = data.Configuration,
        NoRestore = true,
        MSBuildSettings = new DotNetMSBuildSettings().WithProperty("TorchBackend", data.TorchBackend),
    }));

Task("Default")
    .Description("Same as Test")
    .IsDependentOn("Test");

RunTarget(target);


// Image: trainer container images (docs/containers.md). `--torch-backend=cpu|cuda` picks the recipe in
// build/images/<device>/Dockerfile; `--base=offline` (default) builds a Debian trixie base with debootstrap and
// `docker import`s it (no registry), any other value is a base image the engine already has. Tags:
// gvm-trainer:<device>-<git commit>-<content hash> and gvm-trainer:<device>; the full tag goes to
// artifacts/images/trainer-<device>.tag, where `gvm sweep --backend docker` finds it. Needs the docker CLI and
// DOCKER_HOST (or the default socket).
public const string OfflineBaseTag = "gvm-base:trixie";

public int RunTool(string tool, ProcessArgumentBuilder arguments, IDictionary<string, string> env = null, bool throwOnError = true)
{
    var settings = new ProcessSettings { Arguments = arguments };
    if (env != null) settings.EnvironmentVariables = env;
    var code = StartProcess(tool, settings);
    if (code != 0 && throwOnError) throw new Exception($"{tool} {arguments} failed with exit code {code}");
    return code;
}

/// <summary>SHA-256 over the relative paths and bytes of every file under <paramref name="dir"/> plus <paramref name="extra"/>.</summary>
public static string ContentHash(string dir, params string[] extra)
{
    using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
    foreach (var file in System.IO.Directory.EnumerateFiles(dir, "*", System.IO.SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
    {
        sha.AppendData(System.Text.Encoding.UTF8.GetBytes(System.IO.Path.GetRelativePath(dir, file) + "\n"));
        using var stream = System.IO.File.OpenRead(file);
        var buffer = new byte[1 << 20];
        int n;
        while ((n = stream.Read(buffer, 0, buffer.Length)) > 0) sha.AppendData(buffer, 0, n);
    }
    foreach (var e in extra) sha.AppendData(System.Text.Encoding.UTF8.GetBytes(e + "\n"));
    return Convert.ToHexString(sha.GetHashAndReset()).ToLowerInvariant()[..12];
}

public string GitCommit()
{
    IEnumerable<string> output;
    var code = StartProcess("git", new ProcessSettings { Arguments = "rev-parse --short=12 HEAD", RedirectStandardOutput = true }, out output);
    return code == 0 ? output.FirstOrDefault()?.Trim() ?? "nogit" : "nogit";
}

public string ImageTagFile(BuildData data) => System.IO.Path.Combine(data.ArtifactsDir, "images", $"trainer-{data.TorchBackend}.tag");

/// <summary>True when the tag file names an image built from the current commit.</summary>
public bool ImageIsCurrent(BuildData data)
{
    var file = ImageTagFile(data);
    return System.IO.File.Exists(file) && System.IO.File.ReadAllText(file).Contains("-" + GitCommit() + "-");
}

Task("Image")
    .Description("Builds the trainer image (--torch-backend=cpu|cuda, --base=offline|<image>) and writes artifacts/images/trainer-<device>.tag")
    .Does<BuildData>(data => BuildImage(data));

// `--target=Sweep --backend=docker` from a fresh clone: build the image first unless one of this commit exists.
Task("Image-ForSweep")
    .Description("Internal: builds the trainer image before Sweep/Benchmark with --backend=docker when none of this commit exists")
    .IsDependeeOf("Sweep")
    .IsDependeeOf("Benchmark")
    .WithCriteria<BuildData>((ctx, data) => data.Backend == "docker", "only for --backend=docker")
    .WithCriteria<BuildData>((ctx, data) => string.IsNullOrEmpty(ctx.EnvironmentVariable("GVM_DOCKER_IMAGE")), "GVM_DOCKER_IMAGE names the image")
    .WithCriteria<BuildData>((ctx, data) => !ImageIsCurrent(data), "an image of this commit is already built")
    .Does<BuildData>(data => BuildImage(data));

public void BuildImage(BuildData data)
{
    var device = data.TorchBackend;
    if (device != "cpu" && device != "cuda") throw new Exception($"--torch-backend must be cpu or cuda, got '{device}'");
    var env = new Dictionary<string, string> { ["DOCKER_BUILDKIT"] = "0" }; // the legacy builder: no buildx plugin needed
    if (RunTool("docker", CommandArgs("version", "--format", "{{.Server.Version}}"), env, throwOnError: false) != 0)
        throw new Exception("no Docker engine answers (start dockerd or set DOCKER_HOST)");

    var context = System.IO.Path.Combine(data.ArtifactsDir, "images", device);
    var publish = System.IO.Path.Combine(context, "publish");
    EnsureDirectoryExists(context);
    CleanDirectory(context);
    Information($"publishing gvm self-contained (linux-x64, {device}) to {publish}");
    DotNetPublish("src/Gvm.Cli/Gvm.Cli.csproj", new DotNetPublishSettings
    {
        Configuration = data.Configuration,
        Runtime = "linux-x64",
        SelfContained = true,
        OutputDirectory = publish,
        MSBuildSettings = new DotNetMSBuildSettings().WithProperty("InvariantGlobalization", "true").WithProperty("TorchBackend", device),
    });
    CopyFile("./build/images/check-glibcxx.sh", System.IO.Path.Combine(context, "check-glibcxx.sh"));

    string baseImage;
    if (data.ImageBase == "offline")
    {
        if (device == "cuda")
            throw new Exception("the CUDA image needs a CUDA runtime base: --base=nvidia/cuda:12.8.1-cudnn-runtime-ubuntu24.04 " +
                                "(on a host without registry access, `docker load` it first)");
        RunTool("./build/images/offline-base.sh", CommandArgs(OfflineBaseTag), env);
        baseImage = OfflineBaseTag;
    }
    else
    {
        baseImage = data.ImageBase;
    }

    var dockerfile = MakeAbsolute(File($"./build/images/{device}/Dockerfile")).FullPath;
    var hash = ContentHash(context, System.IO.File.ReadAllText(dockerfile), baseImage);
    var tag = $"gvm-trainer:{device}-{GitCommit()}-{hash}";
    Information($"building {tag} from {baseImage} (the base is checked for GLIBCXX_3.4.32)");
    var code = RunTool("docker", CommandArgs("build", "--network=none", "--build-arg", $"BASE={baseImage}", "-t", tag, "-t", $"gvm-trainer:{device}",
                                         "-f", dockerfile, context), env, throwOnError: false);
    if (code != 0)
        throw new Exception($"docker build of {tag} failed (exit {code}); a 'gvm image check' line above means the base " +
                            "lacks GLIBCXX_3.4.32 (bookworm, Ubuntu 22.04): use Ubuntu 24.04+/Debian 13+ or --base=offline");
    var tagFile = ImageTagFile(data);
    System.IO.File.WriteAllText(tagFile, tag + "\n");
    Information($"image {tag} (also gvm-trainer:{device}); tag written to {tagFile}");
    Information("run a grid in containers: ./build.sh --target=Sweep --backend=docker");
}

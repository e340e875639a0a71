using System.Text.Json;
using System.Text.RegularExpressions;
using Gvm.Core.Runs;
using Gvm.Reporting.Output;
using Gvm.Reporting.Tests.Plots;
using Gvm.Reporting.Tests.Synthetic;
using Xunit.Abstractions;

namespace Gvm.Reporting.Tests.Html;

/// <summary>
/// comparison.html in a real browser: Debian's chromium (installed by the test when missing) loads the page headless,
/// and the test checks that nothing errs, every image decodes, and a screenshot shows a page, not a blank.
/// </summary>
[Trait("Service", "Chromium")]
public sealed partial class HtmlReportChromiumTests(ITestOutputHelper output) : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("gvm-html-");

    public void Dispose() => _dir.Delete(recursive: true);

    // Prepended to <head>: records script errors, failed resource loads (capture phase) and console.error calls.
    private const string Recorder = """
        <script>window.__gvm = [];
        window.addEventListener('error', function (e) { window.__gvm.push('error: ' + (e.message || ((e.target && e.target.tagName) || '?') + ' failed to load')); }, true);
        var __err = console.error; console.error = function () { window.__gvm.push('console.error: ' + Array.prototype.join.call(arguments, ' ')); __err.apply(console, arguments); };</script>
        """;

    // Appended to <body>: after load, writes the image and error check into the DOM for --dump-dom to print.
    private const string Check = """
        <script>window.addEventListener('load', function () {
          var images = Array.prototype.slice.call(document.images);
          var broken = images.filter(function (i) { return !(i.complete && i.naturalWidth > 0); }).map(function (i) { return i.alt; });
          var pre = document.createElement('pre'); pre.id = 'gvm-check';
          pre.textContent = JSON.stringify({ images: images.length, broken: broken, errors: window.__gvm });
          document.body.appendChild(pre); });</script>
        """;

    [Fact]
    public async Task Report_page_loads_without_errors_every_image_decodes_and_the_screenshot_is_not_blank()
    {
        var chromium = await DebianPackage.EnsureAsync("chromium", "chromium");
        SyntheticRun[] runs =
        [
            new("r1", Algorithm.RaftPlusPlus, 1, CurveShape.Baseline),
            new("g1", Algorithm.GvmRaftPlusPlus, 1, CurveShape.Compressed2x),
            new("r2", Algorithm.RaftPlusPlus, 2, CurveShape.Baseline),
            new("g2", Algorithm.GvmRaftPlusPlus, 2, CurveShape.Compressed2x),
            new("o1", Algorithm.Grpo, 1, CurveShape.Baseline),
            new("v1", Algorithm.GvmGrpo, 1, CurveShape.Jittered, SamplesPerPrompt: 16),
            new("o2", Algorithm.Grpo, 2, CurveShape.Baseline),
            new("v2", Algorithm.GvmGrpo, 2, CurveShape.Jittered, Failed: true),
        ];
        SyntheticSweep.Write(_dir.FullName, runs, [(0, 1), (2, 3), (4, 5), (6, 7)]);
        var result = await SweepReporter.RunAsync(_dir.FullName, new ReportOptions());
        var html = Path.Combine(_dir.FullName, HtmlReport.FileName);
        var page = await File.ReadAllTextAsync(html);
        var images = ImgTag().Matches(page).Count;
        Assert.Equal(result.Files.Count(f => f.EndsWith(".png", StringComparison.Ordinal)), images);

        // 1. Loads and decodes: a copy with the recorder and the check, its DOM dumped after load.
        var probe = Path.Combine(_dir.FullName, "probe.html");
        await File.WriteAllTextAsync(probe, page.Replace("<head>", "<head>\n" + Recorder, StringComparison.Ordinal)
            .Replace("</body>", Check + "\n</body>", StringComparison.Ordinal));
        var dom = await HeadlessChromium.RunAsync(chromium, probe, "--dump-dom");
        Assert.True(dom.ExitCode == 0, $"chromium --dump-dom exited {dom.ExitCode}: {dom.Stderr}");
        var check = CheckOutput().Match(dom.Stdout);
        Assert.True(check.Success, $"no check output in the dumped DOM; stderr: {dom.Stderr}");
        using var json = JsonDocument.Parse(System.Net.WebUtility.HtmlDecode(check.Groups[1].Value));
        Assert.Equal(images, json.RootElement.GetProperty("images").GetInt32());
        Assert.Equal(0, json.RootElement.GetProperty("broken").GetArrayLength());
        Assert.Equal(0, json.RootElement.GetProperty("errors").GetArrayLength());
        Assert.DoesNotContain(":CONSOLE", dom.Stderr, StringComparison.Ordinal);

        // 2. Looks like a page: a screenshot of the report itself, kept beside the test assembly.
        var shot = Path.Combine(AppContext.BaseDirectory, "chromium", "comparison.png");
        Directory.CreateDirectory(Path.GetDirectoryName(shot)!);
        File.Delete(shot);
        var screenshot = await HeadlessChromium.RunAsync(chromium, html, $"--screenshot={shot}", "--window-size=1280,2400", "--hide-scrollbars");
        Assert.True(File.Exists(shot), $"no screenshot (exit {screenshot.ExitCode}): {screenshot.Stderr}");
        Assert.DoesNotContain(":CONSOLE", screenshot.Stderr, StringComparison.Ordinal);
        PngAssert.NotBlank(shot);
        output.WriteLine($"screenshot: {shot}");
        Console.WriteLine($"comparison.html screenshot: {shot}");
    }

    [GeneratedRegex("<img ")]
    private static partial Regex ImgTag();

    [GeneratedRegex("<pre id=\"gvm-check\">(.*?)</pre>", RegexOptions.Singleline)]
    private static partial Regex CheckOutput();
}

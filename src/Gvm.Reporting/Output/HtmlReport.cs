using System.Net;
using Markdig;
using Markdig.Renderers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Gvm.Reporting.Output;

/// <summary>
/// Renders comparison.html from the report's Markdown (HTML flavour): one self-contained page, the PNGs embedded as
/// data URIs, a small inline style sheet, no scripts and no external fonts, so that it opens anywhere, including
/// MLflow's artifact viewer (which renders HTML, not Markdown).
/// </summary>
public static class HtmlReport
{
    public const string FileName = "comparison.html";

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().Build();

    /// <summary>
    /// The page for <paramref name="markdown"/>; every image path is passed to <paramref name="imageBytes"/> and embedded
    /// as a PNG data URI (a path it returns null for is left as it is).
    /// </summary>
    public static string Render(string markdown, string title, Func<string, byte[]?> imageBytes)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        ArgumentNullException.ThrowIfNull(imageBytes);
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var image in document.Descendants<LinkInline>().Where(l => l.IsImage && l.Url is not null))
            if (imageBytes(image.Url!) is { } bytes) image.Url = "data:image/png;base64," + Convert.ToBase64String(bytes);
        using var body = new StringWriter();
        var renderer = new HtmlRenderer(body);
        Pipeline.Setup(renderer);
        renderer.Render(document);
        body.Flush();
        return $"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{WebUtility.HtmlEncode(title)}</title>
            <style>{Style}</style>
            </head>
            <body>
            <main>
            {body}
            </main>
            </body>
            </html>
            """;
    }

    // Local font names only (nothing is fetched); tables scroll sideways instead of squeezing the page.
    private const string Style = """
        body { font-family: system-ui, "Segoe UI", "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #1b1f23; background: #fff; margin: 0; }
        main { max-width: 1240px; margin: 0 auto; padding: 16px 24px 48px; line-height: 1.45; }
        h1 { font-size: 1.7em; border-bottom: 2px solid #d0d7de; padding-bottom: 6px; }
        h2 { font-size: 1.35em; border-bottom: 1px solid #d0d7de; padding-bottom: 4px; margin-top: 2em; }
        h3 { font-size: 1.1em; margin-top: 1.4em; }
        table { border-collapse: collapse; margin: 8px 0 16px; display: block; overflow-x: auto; font-size: 0.9em; }
        th, td { border: 1px solid #d0d7de; padding: 4px 8px; vertical-align: top; }
        th { background: #f6f8fa; }
        tr:nth-child(even) td { background: #fbfcfd; }
        td strong { color: #b3261e; }
        code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.9em; background: #f6f8fa; padding: 1px 4px; border-radius: 3px; }
        img { max-width: 100%; height: auto; border: 1px solid #eaeef2; margin: 4px 0; }
        details { margin: 8px 0 16px; }
        summary { cursor: pointer; color: #0b57d0; }
        ul { padding-left: 1.4em; }
        li { margin: 2px 0; }
        """;
}

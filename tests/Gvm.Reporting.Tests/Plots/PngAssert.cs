using SkiaSharp;

namespace Gvm.Reporting.Tests.Plots;

/// <summary>Checks that a PNG decodes and shows something (a layout failure in ScottPlot renders an all-white image).</summary>
internal static class PngAssert
{
    public static void NotBlank(string path)
    {
        using var bitmap = SKBitmap.Decode(path);
        Assert.NotNull(bitmap);
        var background = bitmap.GetPixel(0, 0);
        var differing = 0;
        for (var y = 0; y < bitmap.Height; y += 3)
            for (var x = 0; x < bitmap.Width; x += 3)
                if (bitmap.GetPixel(x, y) != background) differing++;
        var sampled = (bitmap.Height / 3) * (bitmap.Width / 3);
        Assert.True(differing > sampled / 100, $"{Path.GetFileName(path)} looks blank ({differing} of {sampled} sampled pixels differ from the background)");
    }
}

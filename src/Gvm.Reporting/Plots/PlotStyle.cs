using Gvm.Core.IO;
using ScottPlot;

namespace Gvm.Reporting.Plots;

/// <summary>Shared look of the report's PNGs (legends sit right of the data area so they never hide a point) and the one way they are written (rendered in memory, then renamed into place).</summary>
internal static class PlotStyle
{
    public const int Width = 1200;
    public const int Height = 660;

    public static Plot New(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Title(title, 18);
        plot.XLabel(xLabel, 15);
        plot.YLabel(yLabel, 15);
        return plot;
    }

    /// <summary>Whole-number ticks for counts and iterations.</summary>
    public static void IntegerTicks(IAxis axis) =>
        axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };

    public static Color Color(int index) => new ScottPlot.Palettes.Category10().GetColor(index);

    public static void Save(Plot plot, string path)
    {
        var bytes = plot.GetImageBytes(Width, Height, ImageFormat.Png);
        AtomicFile.WriteAllBytes(path, bytes);
    }

    /// <summary>A file-name-safe slug of a title.</summary>
    public static string Slug(string text)
    {
        var chars = text.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : c == '+' ? 'p' : '_').ToArray();
        var slug = string.Join("_", new string(chars).Split('_', StringSplitOptions.RemoveEmptyEntries));
        return slug.Length > 80 ? slug[..80] : slug;
    }
}

using Gvm.Orchestration.Launchers;
using YamlDotNet.RepresentationModel;

namespace Gvm.Orchestration.Grids;

/// <summary>A launcher's <c>backend.&lt;name&gt;</c> mapping handed to its parser; reads fail with file:line:column and field.</summary>
internal sealed class GridLauncherSection(YamlNodes y, YamlMappingNode map, string field) : ILauncherSection
{
    public IEnumerable<ILauncherSectionEntry> Entries(IReadOnlyCollection<string> keys) =>
        y.Entries(map, field, keys).Select(e => new Entry(y, e.Key, e.Value, $"{field}.{e.Key}"));

    public Exception Error(string key, string message) => y.MarkOf(map).Error($"{field}.{key}", message);

    private sealed class Entry(YamlNodes y, string key, YamlNode value, string field) : ILauncherSectionEntry
    {
        public string Key => key;

        public string Text() => y.String(value, field);

        public bool Flag() => y.Bool(value, field);

        public double Number(double min) => y.Double(value, field, min);

        public IReadOnlyList<string> Texts() => y.Strings(value, field);

        public T Read<T>(Func<T> convert)
        {
            try
            {
                return convert();
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                throw y.MarkOf(value).Error(field, e.Message);
            }
        }
    }
}

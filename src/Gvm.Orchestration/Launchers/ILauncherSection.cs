namespace Gvm.Orchestration.Launchers;

/// <summary>
/// A launcher's section of a grid file (<c>backend.&lt;name&gt;</c>) as the grid reader hands it over, so that a
/// launcher reads its settings without knowing YAML. Every failure is an input error (exit 2) that names the grid
/// file, line, column and dotted field.
/// </summary>
public interface ILauncherSection
{
    /// <summary>The section's entries in file order; a key outside <paramref name="keys"/> fails at that key.</summary>
    IEnumerable<ILauncherSectionEntry> Entries(IReadOnlyCollection<string> keys);

    /// <summary>An error about the section as a whole (a rule across fields), reported at <c>backend.&lt;name&gt;.&lt;key&gt;</c>.</summary>
    Exception Error(string key, string message);
}

/// <summary>One <c>key: value</c> of a launcher's grid section; typed reads fail at the value with its field.</summary>
public interface ILauncherSectionEntry
{
    string Key { get; }

    string Text();

    bool Flag();

    double Number(double min);

    /// <summary>One value or a list of values.</summary>
    IReadOnlyList<string> Texts();

    /// <summary>Runs a conversion of this entry; a <see cref="FormatException"/> or <see cref="ArgumentException"/> becomes an error at the value.</summary>
    T Read<T>(Func<T> convert);
}
